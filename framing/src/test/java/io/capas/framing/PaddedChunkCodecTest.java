package io.capas.framing;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.testing.codec.Decoding;
import io.capas.testing.codec.Golden;
import io.capas.testing.codec.RoundTrip;
import io.capas.testing.codec.Splits;
import io.capas.testing.codec.TricklingInputStream;
import io.capas.testing.codec.Truncations;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PaddedChunkCodecTest {
  private static final List<String> PAYLOADS = List.of("{\"a\":1}", "", "hello cha");
  private static final int CHUNK = 8;

  @Test
  void encodesTheGoldenBytes() throws IOException {
    PaddedChunkEncoder encoder = new PaddedChunkEncoder(CHUNK);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String p : PAYLOADS) {
      encoder.write(out, p.getBytes(US_ASCII));
    }
    RoundTrip.assertSameBytes(Golden.bytes("framing/padded-chunks.hex"), out.toByteArray());
  }

  @Test
  void decodesGoldenAtEverySplitAndTrickle() throws IOException {
    byte[] wire = Golden.bytes("framing/padded-chunks.hex");
    for (List<ByteBuffer> chunks : Splits.all(wire, 20)) {
      PaddedChunkDecoder decoder = new PaddedChunkDecoder(CHUNK, 100);
      assertEquals(PAYLOADS, FrameCodecTest.strings(Decoding.all(decoder::decode, chunks)));
      assertTrue(decoder.isIdle());
    }
    for (long seed = 0; seed < 20; seed++) {
      PaddedChunkReader reader =
          new PaddedChunkReader(TricklingInputStream.of(wire, seed, 3), CHUNK, 100);
      List<String> got = new ArrayList<>();
      for (Optional<byte[]> p = reader.read(); p.isPresent(); p = reader.read()) {
        got.add(new String(p.get(), US_ASCII));
      }
      assertEquals(PAYLOADS, got);
    }
  }

  @Test
  void truncationInsidePaddingCountsThePadding() throws IOException {
    byte[] wire = Golden.bytes("framing/padded-chunks.hex");
    // Cut inside the last chunk's padding: 3 of its 7 zero bytes missing.
    byte[] prefix = Arrays.copyOf(wire, wire.length - 3);
    PaddedChunkReader reader = new PaddedChunkReader(new ByteArrayInputStream(prefix), CHUNK, 100);
    reader.read();
    reader.read();
    TruncatedFrameException e = assertThrows(TruncatedFrameException.class, reader::read);
    assertEquals(3, e.missing());
    PaddedChunkDecoder decoder = new PaddedChunkDecoder(CHUNK, 100);
    ByteBuffer in = ByteBuffer.wrap(prefix);
    assertEquals(2, Decoding.all(decoder::decode, List.of(in)).size());
    assertEquals(
        3, assertThrows(TruncatedFrameException.class, () -> decoder.endOfInput(in)).missing());
  }

  @Test
  void everyTruncationNeverYieldsAWrongMessage() throws IOException {
    byte[] wire = Golden.bytes("framing/padded-chunks.hex");
    for (byte[] prefix : Truncations.properPrefixes(wire)) {
      PaddedChunkDecoder decoder = new PaddedChunkDecoder(CHUNK, 100);
      List<String> got =
          FrameCodecTest.strings(Decoding.all(decoder::decode, List.of(ByteBuffer.wrap(prefix))));
      assertEquals(PAYLOADS.subList(0, got.size()), got);
      PaddedChunkReader reader =
          new PaddedChunkReader(new ByteArrayInputStream(prefix), CHUNK, 100);
      List<String> read = new ArrayList<>();
      try {
        for (Optional<byte[]> p = reader.read(); p.isPresent(); p = reader.read()) {
          read.add(new String(p.get(), US_ASCII));
        }
      } catch (TruncatedFrameException expected) {
        assertTrue(expected.missing() > 0);
      }
      assertEquals(got, read);
    }
  }

  @Test
  void nonZeroPaddingIsMalformed() {
    byte[] wire = {0, 0, 0, 1, 'x', 0, 0, 9};
    assertThrows(
        MalformedFrameException.class,
        () -> new PaddedChunkDecoder(4, 100).decode(ByteBuffer.wrap(wire)));
    assertThrows(
        MalformedFrameException.class,
        () -> new PaddedChunkReader(new ByteArrayInputStream(wire), 4, 100).read());
  }

  @Test
  void oversizeIsRejected() {
    byte[] wire = {0x7f, 0, 0, 0};
    assertThrows(
        FrameTooLargeException.class,
        () -> new PaddedChunkDecoder(512, 1000).decode(ByteBuffer.wrap(wire)));
    assertThrows(
        FrameTooLargeException.class,
        () -> new PaddedChunkReader(new ByteArrayInputStream(wire), 512, 1000).read());
  }

  @Test
  void randomRoundTrips() throws IOException {
    Random random = new Random(9);
    for (int round = 0; round < 200; round++) {
      int chunk = 1 + random.nextInt(64);
      byte[] payload = new byte[random.nextInt(500)];
      random.nextBytes(payload);
      byte[] wire = new PaddedChunkEncoder(chunk).encode(payload);
      assertEquals(0, (wire.length - 4) % chunk);
      assertArrayEquals(
          payload, new PaddedChunkDecoder(chunk, 500).decode(ByteBuffer.wrap(wire)).orElseThrow());
      assertArrayEquals(
          payload,
          new PaddedChunkReader(TricklingInputStream.of(wire, round), chunk, 500)
              .read()
              .orElseThrow());
    }
  }
}
