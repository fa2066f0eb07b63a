package io.capas.hftp;

import io.capas.hftp.RequestLine.Word;

/**
 * Turns a {@link RequestLine} into a {@link Request}, or refuses it with the status the server
 * answers (none of them fatal):
 *
 * <ul>
 *   <li>{@code 200 NO SUCH COMMAND}: the first word is not one of {@code get_file_listing}, {@code
 *       get_metadata}, {@code get_slice}, {@code quit} (case matters);
 *   <li>{@code 201 INVALID ARGUMENTS FOR COMMAND}: the wrong number of arguments (an empty word
 *       from a doubled or trailing space counts as one), or an OFFSET or SIZE that is not a decimal
 *       number of ASCII digits in the range of a {@code long} (no sign);
 *   <li>{@code 202 FILE NOT FOUND}: a file name that HFTP can never serve (see {@link FileNames}),
 *       checked only after the arguments are otherwise valid.
 * </ul>
 *
 * <p>Immutable and thread-safe; pure.
 */
final class RequestParser {

  private RequestParser() {}

  static Request parse(RequestLine line) throws RequestException {
    Word command = line.words().get(0);
    int arguments = line.wordCount() - 1;
    String name = command.truncated() ? "" : command.text();
    switch (name) {
      case "get_file_listing" -> {
        expectArguments(name, arguments, 0);
        return new Request.GetFileListing();
      }
      case "get_metadata" -> {
        expectArguments(name, arguments, 1);
        return new Request.GetMetadata(fileName(line.words().get(1)));
      }
      case "get_slice" -> {
        expectArguments(name, arguments, 3);
        long offset = number(line.words().get(2), "OFFSET");
        long size = number(line.words().get(3), "SIZE");
        return new Request.GetSlice(fileName(line.words().get(1)), offset, size);
      }
      case "quit" -> {
        expectArguments(name, arguments, 0);
        return new Request.Quit();
      }
      default -> throw new RequestException(HftpStatus.NO_SUCH_COMMAND, describe(command));
    }
  }

  private static void expectArguments(String command, int actual, int expected)
      throws RequestException {
    if (actual != expected) {
      throw new RequestException(
          HftpStatus.INVALID_ARGUMENTS,
          command + " takes " + expected + " argument(s), got " + actual);
    }
  }

  private static long number(Word word, String what) throws RequestException {
    String text = word.text();
    boolean digits = !text.isEmpty() && !word.truncated();
    for (int i = 0; digits && i < text.length(); i++) {
      digits = text.charAt(i) >= '0' && text.charAt(i) <= '9';
    }
    if (digits) {
      try {
        return Long.parseLong(text);
      } catch (NumberFormatException e) {
        // too large for a long: refused below like any other bad number
      }
    }
    throw new RequestException(
        HftpStatus.INVALID_ARGUMENTS, what + " is not a non-negative integer: " + describe(word));
  }

  private static String fileName(Word word) throws RequestException {
    if (word.truncated() || !FileNames.isValid(word.text())) {
      throw new RequestException(HftpStatus.FILE_NOT_FOUND, "invalid file name " + describe(word));
    }
    return word.text();
  }

  private static String describe(Word word) {
    return word.truncated()
        ? "'"
            + word.text().substring(0, Math.min(32, word.text().length()))
            + "...' ("
            + word.length()
            + " bytes)"
        : "'"
            + (word.text().length() > 64 ? word.text().substring(0, 64) + "..." : word.text())
            + "'";
  }
}
