package io.capas.hftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.capas.hftp.RequestLine.Word;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RequestParserTest {

  /** Splits like the decoder does: every space separates two words. */
  private static RequestLine line(String text) {
    return RequestLine.of(text.split(" ", -1));
  }

  private static HftpStatus refusal(String text) {
    return assertThrows(RequestException.class, () -> RequestParser.parse(line(text))).status();
  }

  @Test
  void parsesEveryCommand() throws Exception {
    assertEquals(new Request.GetFileListing(), RequestParser.parse(line("get_file_listing")));
    assertEquals(
        new Request.GetMetadata("a-b_c.D9"), RequestParser.parse(line("get_metadata a-b_c.D9")));
    assertEquals(
        new Request.GetSlice("f.bin", 0, 9223372036854775807L),
        RequestParser.parse(line("get_slice f.bin 0 9223372036854775807")));
    assertEquals(new Request.GetSlice("f", 7, 0), RequestParser.parse(line("get_slice f 007 0")));
    assertEquals(new Request.Quit(), RequestParser.parse(line("quit")));
  }

  static Stream<Arguments> refusals() {
    return Stream.of(
        // unknown commands; case matters
        Arguments.of("", HftpStatus.NO_SUCH_COMMAND),
        Arguments.of("verdura", HftpStatus.NO_SUCH_COMMAND),
        Arguments.of("QUIT", HftpStatus.NO_SUCH_COMMAND),
        Arguments.of("get_file_listings", HftpStatus.NO_SUCH_COMMAND),
        Arguments.of(" quit", HftpStatus.NO_SUCH_COMMAND),
        // wrong argument counts (an empty word from a stray space counts)
        Arguments.of("get_file_listing x", HftpStatus.INVALID_ARGUMENTS),
        Arguments.of("quit ", HftpStatus.INVALID_ARGUMENTS),
        Arguments.of("quit now", HftpStatus.INVALID_ARGUMENTS),
        Arguments.of("get_metadata", HftpStatus.INVALID_ARGUMENTS),
        Arguments.of("get_metadata a b", HftpStatus.INVALID_ARGUMENTS),
        Arguments.of("get_metadata  a", HftpStatus.INVALID_ARGUMENTS),
        Arguments.of("get_slice a 0", HftpStatus.INVALID_ARGUMENTS),
        Arguments.of("get_slice a 0 1 2", HftpStatus.INVALID_ARGUMENTS),
        Arguments.of("get_slice a 0  1", HftpStatus.INVALID_ARGUMENTS),
        // wrong argument types
        Arguments.of("get_slice a x 1", HftpStatus.INVALID_ARGUMENTS),
        Arguments.of("get_slice a 0 y", HftpStatus.INVALID_ARGUMENTS),
        Arguments.of("get_slice a -1 1", HftpStatus.INVALID_ARGUMENTS),
        Arguments.of("get_slice a +1 1", HftpStatus.INVALID_ARGUMENTS),
        Arguments.of("get_slice a 1.0 1", HftpStatus.INVALID_ARGUMENTS),
        Arguments.of("get_slice a 0x10 1", HftpStatus.INVALID_ARGUMENTS),
        Arguments.of("get_slice a 0 9223372036854775808", HftpStatus.INVALID_ARGUMENTS),
        Arguments.of("get_slice a 0 99999999999999999999999", HftpStatus.INVALID_ARGUMENTS),
        // argument types are checked before the name
        Arguments.of("get_slice ../etc x 1", HftpStatus.INVALID_ARGUMENTS),
        // names that can never be served
        Arguments.of("get_metadata ..", HftpStatus.FILE_NOT_FOUND),
        Arguments.of("get_metadata .", HftpStatus.FILE_NOT_FOUND),
        Arguments.of("get_metadata ../etc/passwd", HftpStatus.FILE_NOT_FOUND),
        Arguments.of("get_metadata /etc/passwd", HftpStatus.FILE_NOT_FOUND),
        Arguments.of("get_metadata a\\b", HftpStatus.FILE_NOT_FOUND),
        Arguments.of("get_metadata %2e%2e", HftpStatus.FILE_NOT_FOUND),
        Arguments.of("get_metadata ~", HftpStatus.FILE_NOT_FOUND),
        Arguments.of(
            "get_metadata " + "x".repeat(FileNames.MAX_LENGTH + 1), HftpStatus.FILE_NOT_FOUND),
        Arguments.of("get_slice ../x 0 1", HftpStatus.FILE_NOT_FOUND));
  }

  @ParameterizedTest
  @MethodSource("refusals")
  void refusesWithTheRightStatus(String request, HftpStatus expected) {
    assertEquals(expected, refusal(request));
  }

  @Test
  void truncatedWordsAreRefusedNotGuessed() {
    // Only the beginning of a long word is kept: it must never be taken for a shorter one.
    Word longName = new Word("a.txt", 5_000_000);
    Word longNumber = new Word("1", 5_000_000);
    Word longCommand = new Word("quit", 5_000_000);
    assertEquals(HftpStatus.FILE_NOT_FOUND, refusal(List.of(Word.of("get_metadata"), longName), 2));
    assertEquals(
        HftpStatus.INVALID_ARGUMENTS,
        refusal(List.of(Word.of("get_slice"), Word.of("a"), longNumber, Word.of("1")), 4));
    assertEquals(HftpStatus.NO_SUCH_COMMAND, refusal(List.of(longCommand), 1));
  }

  @Test
  void countsWordsThatWereNotKept() {
    List<Word> kept =
        List.of(Word.of("get_slice"), Word.of("a"), Word.of("1"), Word.of("1"), Word.of("1"));
    assertEquals(HftpStatus.INVALID_ARGUMENTS, refusal(kept, 1000));
  }

  private static HftpStatus refusal(List<Word> words, int wordCount) {
    return assertThrows(
            RequestException.class, () -> RequestParser.parse(new RequestLine(words, wordCount)))
        .status();
  }
}
