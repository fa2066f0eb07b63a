package io.capas.http;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.testing.codec.TricklingInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Chunked bodies (RFC 9112 §7.1): size lines, extensions and trailers at their limits. */
class ChunkedBodyTest {
  private static final HttpLimits LIMITS = HttpLimits.defaults();

  private static String post(String chunkedBody) {
    return "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n" + chunkedBody;
  }

  private static byte[] readBlocking(String wire, HttpLimits limits) throws IOException {
    return new HttpRequestReader(TricklingInputStream.of(wire.getBytes(US_ASCII), 3, 7), limits)
        .read()
        .orElseThrow()
        .body();
  }

  private static byte[] readPush(String wire, HttpLimits limits) throws HttpException {
    return new RequestDecoder(limits)
        .decode(RequestDecoderTest.roomy(wire.getBytes(US_ASCII)))
        .orElseThrow()
        .body();
  }

  @Test
  void chunkSizesMayHaveLeadingZeros() throws IOException {
    // Issue 12, item 12: more than 15 hex digits were refused even when they were leading zeros.
    String wire = post("0".repeat(40) + "5\r\nhello\r\n" + "0".repeat(30) + "\r\n\r\n");
    assertEquals("hello", new String(readBlocking(wire, LIMITS), US_ASCII));
    assertEquals("hello", new String(readPush(wire, LIMITS), US_ASCII));
  }

  @Test
  void chunkSizesPastFifteenSignificantDigitsOrTheLineLimitAreStillRefused() {
    String sixteen = post("0000" + "1" + "0".repeat(15) + "\r\n");
    assertEquals(
        413, assertThrows(HttpException.class, () -> readPush(sixteen, LIMITS)).status().code());
    HttpLimits small = LIMITS.withHeadLimits(64, 64, 256, 5);
    String zeros = post("0".repeat(100) + "5\r\nhello\r\n0\r\n\r\n");
    HttpException e = assertThrows(HttpException.class, () -> readPush(zeros, small));
    assertEquals(400, e.status().code());
    assertTrue(e.getMessage().contains("exceeds 64 bytes"), e.getMessage());
  }

  @Test
  void aSizeLineThatCannotBeHexIsRefusedBeforeItsLineEnds() {
    // A peer that sent a body without chunks must not leave the reader waiting for a CRLF.
    String wire = post("<?xml version=\"1.0\"?><methodResponse>");
    assertEquals(
        400, assertThrows(HttpException.class, () -> readPush(wire, LIMITS)).status().code());
  }

  @Test
  void trailerSectionIsBoundedByTheHeadBlockLimit() {
    HttpLimits small = LIMITS.withHeadLimits(64, 64, 256, 5);
    String trailer = "X-T: " + "t".repeat(55) + "\r\n";
    String wire = post("0\r\n" + trailer.repeat(5) + "\r\n");
    HttpException e = assertThrows(HttpException.class, () -> readPush(wire, small));
    assertEquals(431, e.status().code());
    assertEquals(
        431, assertThrows(HttpException.class, () -> readBlocking(wire, small)).status().code());
  }

  @Test
  void aLineTrickledOneByteAtATimeIsScannedOnce() throws HttpException {
    // Each call used to rescan the partial size line from its start: quadratic in its length.
    String line = "5;" + "ext=value;".repeat(700) + "\r\nhello\r\n0\r\n" + "X: y\r\n" + "\r\n";
    byte[] wire = line.getBytes(US_ASCII);
    ChunkedBodyDecoder decoder = new ChunkedBodyDecoder(LIMITS);
    ByteBuffer in = ByteBuffer.allocate(wire.length).flip();
    Optional<byte[]> body = Optional.empty();
    for (byte b : wire) {
      in.compact().put(b).flip();
      body = decoder.decode(in);
    }
    assertEquals("hello", new String(body.orElseThrow(), US_ASCII));
    assertTrue(
        decoder.bytesScanned() <= 2L * wire.length,
        decoder.bytesScanned() + " bytes scanned for " + wire.length + " received");
  }
}
