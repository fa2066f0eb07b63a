package io.capas.hftp;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.hftp.RequestLine.Word;
import io.capas.testing.codec.Decoding;
import io.capas.testing.codec.Splits;
import io.capas.testing.codec.Truncations;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestDecoderTest {

  private static final HftpLimits LIMITS = HftpLimits.defaults();

  private static byte[] ascii(String text) {
    return text.getBytes(US_ASCII);
  }

  private static List<RequestLine> decodeAll(List<ByteBuffer> chunks) throws Exception {
    RequestDecoder decoder = new RequestDecoder(LIMITS);
    return Decoding.all(decoder::decode, chunks);
  }

  @Test
  void decodesEveryCommandAtEverySplit() throws Exception {
    byte[] wire =
        ascii("get_file_listing\r\nget_metadata a.txt\r\nget_slice a.txt 0 10\r\nquit\r\n");
    List<RequestLine> expected =
        List.of(
            RequestLine.of("get_file_listing"),
            RequestLine.of("get_metadata", "a.txt"),
            RequestLine.of("get_slice", "a.txt", "0", "10"),
            RequestLine.of("quit"));
    for (List<ByteBuffer> chunks : Splits.all(wire, 20)) {
      assertEquals(expected, decodeAll(chunks));
    }
  }

  @Test
  void everyProperPrefixNeedsMoreInput() throws Exception {
    byte[] wire = ascii("get_slice a.txt 0 10\r\n");
    for (byte[] prefix : Truncations.properPrefixes(wire)) {
      RequestDecoder decoder = new RequestDecoder(LIMITS);
      assertTrue(decoder.decode(ByteBuffer.wrap(prefix)).isEmpty(), new String(prefix, US_ASCII));
    }
  }

  @Test
  void leavesTheNextRequestInTheBuffer() throws Exception {
    ByteBuffer in = ByteBuffer.wrap(ascii("quit\r\nget_file_listing\r\n"));
    RequestDecoder decoder = new RequestDecoder(LIMITS);
    assertEquals(RequestLine.of("quit"), decoder.decode(in).orElseThrow());
    assertEquals(6, in.position());
    assertEquals(RequestLine.of("get_file_listing"), decoder.decode(in).orElseThrow());
    assertFalse(in.hasRemaining());
  }

  @Test
  void everySpaceSeparatesWords() throws Exception {
    assertEquals(
        List.of(
            RequestLine.of(""),
            RequestLine.of("get_metadata", "", "a"),
            RequestLine.of("", "quit"),
            RequestLine.of("quit", "")),
        decodeAll(Splits.whole(ascii("\r\nget_metadata  a\r\n quit\r\nquit \r\n"))));
  }

  @ParameterizedTest
  @ValueSource(strings = {"\n", "quit\n", "qui\nt\r\n", "get_metadata a\n\r\n", "quit\r\n\n"})
  void lfWithoutCrIsBadEolAtEverySplit(String request) throws Exception {
    for (List<ByteBuffer> chunks : Splits.all(ascii(request), 5)) {
      RequestException e = assertThrows(RequestException.class, () -> decodeAll(chunks));
      assertEquals(HftpStatus.BAD_EOL, e.status());
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "qu\rit\r\n",
        "quit\r\r\n",
        "quit\0\r\n",
        "get_metadata\ta\r\n",
        "get_metadata a\u0001\r\n",
        "quit\u007f\r\n"
      })
  void crWithoutLfAndControlBytesAreBadRequests(String request) throws Exception {
    for (List<ByteBuffer> chunks : Splits.all(ascii(request), 5)) {
      RequestException e = assertThrows(RequestException.class, () -> decodeAll(chunks));
      assertEquals(HftpStatus.BAD_REQUEST, e.status());
    }
  }

  @Test
  void nonAsciiByteIsBadRequest() {
    byte[] wire = {'q', 'u', (byte) 0xC3, (byte) 0xB1, '\r', '\n'};
    RequestException e =
        assertThrows(
            RequestException.class, () -> new RequestDecoder(LIMITS).decode(ByteBuffer.wrap(wire)));
    assertEquals(HftpStatus.BAD_REQUEST, e.status());
  }

  @Test
  void lineAtTheLimitIsReadAndOneByteMoreIsRefused() throws Exception {
    HftpLimits limits = new HftpLimits(20, 8, LIMITS.idleTimeout());
    String atLimit = "get_metadata " + "x".repeat(7); // 20 bytes
    RequestLine line =
        new RequestDecoder(limits).decode(ByteBuffer.wrap(ascii(atLimit + "\r\n"))).orElseThrow();
    assertEquals(List.of(new Word("get_meta", 12), Word.of("xxxxxxx")), line.words());

    RequestDecoder decoder = new RequestDecoder(limits);
    RequestException e =
        assertThrows(
            RequestException.class,
            () -> decoder.decode(ByteBuffer.wrap(ascii(atLimit + "x")))); // refused before the EOL
    assertEquals(HftpStatus.BAD_REQUEST, e.status());
    assertThrows(IllegalStateException.class, () -> decoder.decode(ByteBuffer.wrap(ascii("q"))));
  }

  @Test
  void longWordKeepsItsBeginningAndItsLength() throws Exception {
    int length = 5 * 1024 * 1024;
    byte[] wire = new byte[13 + length + 2];
    System.arraycopy(ascii("get_metadata "), 0, wire, 0, 13);
    Arrays.fill(wire, 13, 13 + length, (byte) 'x');
    wire[wire.length - 2] = '\r';
    wire[wire.length - 1] = '\n';
    List<RequestLine> lines = decodeAll(Splits.fixed(wire, 64 * 1024));
    Word word = lines.get(0).words().get(1);
    assertEquals(1, lines.size());
    assertEquals(length, word.length());
    assertEquals(LIMITS.maxWordLength(), word.text().length());
    assertTrue(word.truncated());
  }

  @Test
  void countsWordsBeyondThoseItKeeps() throws Exception {
    String request = "get_slice" + " 1".repeat(1000) + "\r\n";
    RequestLine line = decodeAll(Splits.whole(ascii(request))).get(0);
    assertEquals(RequestDecoder.MAX_KEPT_WORDS, line.words().size());
    assertEquals(1001, line.wordCount());
  }

  @Test
  void tracksWhetherItIsInsideALine() throws Exception {
    RequestDecoder decoder = new RequestDecoder(LIMITS);
    assertFalse(decoder.inLine());
    decoder.decode(ByteBuffer.wrap(ascii("qu")));
    assertTrue(decoder.inLine());
    decoder.decode(ByteBuffer.wrap(ascii("it\r\n")));
    assertFalse(decoder.inLine());
  }
}
