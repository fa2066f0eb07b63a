package io.capas.http;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.testing.codec.TricklingInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * The work done on a head stays linear in the bytes received however they trickle in (issue 12,
 * item 11), counted rather than timed.
 */
class LinearWorkTest {
  private static final String BIG_HEAD =
      "POST / HTTP/1.1\r\nHost: h\r\n"
          + ("X-Filler: " + "v".repeat(500) + "\r\n").repeat(60)
          + "Content-Length: 0\r\n\r\n";

  @Test
  void blockingReaderMovesEachHeadByteAFewTimesAtMost() throws IOException {
    // Each one-byte read used to compact the whole partial head to the buffer's start first.
    byte[] wire = BIG_HEAD.getBytes(US_ASCII);
    MessageReader reader =
        new MessageReader(TricklingInputStream.of(wire, 1, 1), HttpLimits.defaults(), true);
    int[] range = reader.readHead().orElseThrow();
    assertEquals(wire.length, range[1] - range[0]);
    assertTrue(
        reader.bytesMoved() <= 2L * wire.length,
        reader.bytesMoved() + " bytes moved for a head of " + wire.length);
  }

  @Test
  void pushDecoderScansEachHeadByteOnce() throws HttpException {
    byte[] wire = BIG_HEAD.getBytes(US_ASCII);
    HeadScanner scanner = new HeadScanner(HttpLimits.defaults(), true);
    ByteBuffer in = ByteBuffer.allocate(wire.length).flip();
    int length = -1;
    for (byte b : wire) {
      in.compact().put(b).flip();
      length = scanner.scan(in);
    }
    assertEquals(wire.length, length);
    assertTrue(
        scanner.bytesScanned() <= 2L * wire.length,
        scanner.bytesScanned() + " bytes scanned for a head of " + wire.length);
  }
}
