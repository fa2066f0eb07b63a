package io.capas.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The {@code ARG}s of {@code capas call} as XML-RPC values: each one JSON literal ({@link Json}),
 * {@code @FILE} for the JSON in a file, or {@code -} for the JSON on standard input (one argument
 * at most). A file or standard input holds at most {@value #MAX_ARGUMENT_BYTES} bytes of strict
 * UTF-8 (a byte-order mark is skipped). Every problem is a {@link Main.UsageException} naming the
 * argument. Stateless.
 */
final class CallArguments {
  /** The most bytes one {@code @FILE} or {@code -} argument may hold. */
  static final int MAX_ARGUMENT_BYTES = 64 << 20;

  private CallArguments() {}

  /**
   * The arguments as values: each a JSON literal, {@code @FILE} or {@code -} (standard input, at
   * most once).
   */
  static List<@Nullable Object> params(List<String> args, InputStream stdin) {
    if (args.indexOf("-") != args.lastIndexOf("-")) {
      throw new Main.UsageException("only one argument can be - (standard input)");
    }
    List<@Nullable Object> params = new ArrayList<>();
    for (int a = 0; a < args.size(); a++) {
      String arg = args.get(a);
      String text;
      String source;
      if (arg.equals("-")) {
        text = utf8(bounded(stdin, "standard input"), "standard input");
        source = "standard input";
      } else if (arg.startsWith("@")) {
        Path file = Path.of(arg.substring(1));
        text = utf8(read(file), file.toString());
        source = file.toString();
      } else {
        text = arg;
        source = arg;
      }
      try {
        params.add(Json.parse(text));
      } catch (IllegalArgumentException e) {
        throw new Main.UsageException(
            "argument "
                + (a + 1)
                + " is not a JSON literal ("
                + e.getMessage()
                + "): "
                + (source.length() > 80 ? source.substring(0, 80) + "..." : source));
      }
    }
    return params;
  }

  private static byte[] read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return bounded(in, file.toString());
    } catch (NoSuchFileException e) {
      throw new Main.UsageException("no such file: " + file);
    } catch (IOException e) {
      throw new Main.UsageException("cannot read " + file + ": " + e.getMessage());
    }
  }

  private static byte[] bounded(InputStream in, String what) {
    try {
      byte[] bytes = in.readNBytes(MAX_ARGUMENT_BYTES + 1);
      if (bytes.length > MAX_ARGUMENT_BYTES) {
        throw new Main.UsageException(
            what + " holds more than " + MAX_ARGUMENT_BYTES + " bytes, the limit of one argument");
      }
      return bytes;
    } catch (IOException e) {
      throw new Main.UsageException("cannot read " + what + ": " + e.getMessage());
    }
  }

  /** Strict UTF-8 (a byte-order mark is skipped): a malformed file is refused, not mangled. */
  private static String utf8(byte[] bytes, String what) {
    try {
      String text =
          UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
      return text.startsWith("\uFEFF") ? text.substring(1) : text;
    } catch (CharacterCodingException e) {
      throw new Main.UsageException(what + " is not UTF-8 text");
    }
  }
}
