package io.capas.framing;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.testing.codec.Splits;
import io.capas.testing.codec.TricklingInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ContentLengthCodecTest {
  private static final byte[] PIPELINED = "0123456789NEXT".getBytes(US_ASCII);

  @Test
  void takesExactlyNBytesAtEverySplit() throws IOException {
    for (List<ByteBuffer> chunks : Splits.all(PIPELINED, 10)) {
      ContentLengthDecoder decoder = ContentLengthDecoder.of(10, 100);
      Optional<byte[]> body = Optional.empty();
      ByteBuffer last = ByteBuffer.allocate(0);
      for (ByteBuffer chunk : chunks) {
        if (body.isEmpty()) {
          body = decoder.decode(chunk);
        }
        last = chunk;
      }
      assertEquals("0123456789", new String(body.orElseThrow(), US_ASCII));
      assertTrue(decoder.isComplete());
      assertEquals(0, decoder.missing());
      // The pipelined rest is left unconsumed.
      int rest = 0;
      for (ByteBuffer c : chunks) {
        rest += c.remaining();
      }
      assertEquals(4, rest, "chunks ending with " + last);
    }
  }

  @Test
  void blockingReadStopsAtTheBody() throws IOException {
    for (long seed = 0; seed < 20; seed++) {
      InputStream in = TricklingInputStream.of(PIPELINED, seed, 3);
      assertArrayEquals("0123456789".getBytes(US_ASCII), ContentLengthReader.read(in, 10, 10));
      assertArrayEquals("NEXT".getBytes(US_ASCII), in.readAllBytes());
    }
  }

  @Test
  void truncatedBodySaysHowManyBytesAreMissing() throws IOException {
    TruncatedFrameException e =
        assertThrows(
            TruncatedFrameException.class,
            () -> ContentLengthReader.read(new ByteArrayInputStream(PIPELINED), 20, 100));
    assertEquals(6, e.missing());
    ContentLengthDecoder decoder = ContentLengthDecoder.of(20, 100);
    assertTrue(decoder.decode(ByteBuffer.wrap(PIPELINED)).isEmpty());
    assertEquals(6, assertThrows(TruncatedFrameException.class, decoder::endOfInput).missing());
  }

  @Test
  void zeroLengthIsImmediatelyComplete() throws IOException {
    assertEquals(
        0, ContentLengthDecoder.of(0, 0).decode(ByteBuffer.allocate(0)).orElseThrow().length);
    assertEquals(0, ContentLengthReader.read(new ByteArrayInputStream(new byte[0]), 0, 10).length);
  }

  @Test
  void limitAndSignAreCheckedFirst() {
    assertThrows(
        FrameTooLargeException.class, () -> ContentLengthDecoder.of(Long.MAX_VALUE, 1 << 20));
    assertThrows(FrameTooLargeException.class, () -> ContentLengthDecoder.of(101, 100));
    assertThrows(MalformedFrameException.class, () -> ContentLengthDecoder.of(-1, 100));
    assertThrows(IllegalArgumentException.class, () -> ContentLengthDecoder.of(1, -1));
  }

  @Test
  void bodyIsReturnedOnce() throws IOException {
    ContentLengthDecoder decoder = ContentLengthDecoder.of(1, 1);
    assertTrue(decoder.decode(ByteBuffer.wrap(new byte[] {1})).isPresent());
    assertThrows(IllegalStateException.class, () -> decoder.decode(ByteBuffer.allocate(1)));
  }

  @Test
  void largeBodyGrowsAsBytesArrive() throws IOException {
    byte[] big = new byte[1_000_000];
    big[999_999] = 5;
    ContentLengthDecoder decoder = ContentLengthDecoder.of(big.length, big.length);
    Optional<byte[]> body = Optional.empty();
    for (ByteBuffer chunk : Splits.fixed(big, 4096)) {
      assertTrue(body.isEmpty());
      body = decoder.decode(chunk);
    }
    assertArrayEquals(big, body.orElseThrow());
  }
}
