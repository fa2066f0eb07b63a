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
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FrameCodecTest {
  private static final int MAX = 1 << 20;
  private static final List<String> GOLDEN_PAYLOADS = List.of("hola", "", "chau");

  @Test
  void encodesTheGoldenBytes() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String p : GOLDEN_PAYLOADS) {
      FrameEncoder.write(out, p.getBytes(US_ASCII));
    }
    RoundTrip.assertSameBytes(Golden.bytes("framing/two-frames.hex"), out.toByteArray());
    ByteBuffer buffer = ByteBuffer.allocate(8);
    FrameEncoder.put(buffer, "hola".getBytes(US_ASCII));
    assertArrayEquals(FrameEncoder.encode("hola".getBytes(US_ASCII)), buffer.array());
    assertThrows(BufferOverflowException.class, () -> FrameEncoder.put(buffer, new byte[1]));
  }

  @Test
  void decodesGoldenFramesAtEverySplit() throws IOException {
    byte[] wire = Golden.bytes("framing/two-frames.hex");
    for (List<ByteBuffer> chunks : Splits.all(wire, 20)) {
      FrameDecoder decoder = new FrameDecoder(MAX);
      Decoding.Result<byte[]> r = Decoding.run(decoder::decode, chunks);
      assertEquals(GOLDEN_PAYLOADS, strings(r.messages()));
      assertEquals(0, r.leftover());
      assertTrue(decoder.isIdle());
      decoder.endOfInput(ByteBuffer.allocate(0));
    }
  }

  @Test
  void blockingReaderCopesWithPartialReads() throws IOException {
    byte[] wire = Golden.bytes("framing/two-frames.hex");
    for (long seed = 0; seed < 30; seed++) {
      FrameReader reader = new FrameReader(TricklingInputStream.of(wire, seed, 3), MAX);
      assertEquals(GOLDEN_PAYLOADS, strings(readAll(reader)));
      assertTrue(reader.read().isEmpty(), "end of stream stays a clean end");
    }
  }

  @Test
  void everyTruncationIsNeedMoreOrTruncationError() throws IOException {
    byte[] wire = Golden.bytes("framing/two-frames.hex");
    // Frame ends at 8, 12 and 20: a clean end there, otherwise the missing count up to the next
    // end.
    int[] ends = {0, 8, 12, 20};
    List<byte[]> prefixes = Truncations.properPrefixes(wire);
    for (int cut = 0; cut < prefixes.size(); cut++) {
      byte[] prefix = prefixes.get(cut);
      int complete = 0;
      while (complete + 1 < ends.length && ends[complete + 1] <= cut) {
        complete++;
      }
      boolean clean = ends[complete] == cut;
      int missing = clean ? 0 : missingAt(wire, ends[complete], cut);

      FrameDecoder decoder = new FrameDecoder(MAX);
      ByteBuffer buffer = ByteBuffer.wrap(prefix);
      List<byte[]> got = Decoding.all(decoder::decode, List.of(buffer.duplicate()));
      assertEquals(GOLDEN_PAYLOADS.subList(0, complete), strings(got), "cut " + cut);
      ByteBuffer rest = ByteBuffer.wrap(prefix, ends[complete], cut - ends[complete]);
      FrameDecoder fresh = new FrameDecoder(MAX);
      for (int i = 0; i < complete; i++) {
        fresh.decode(rest);
      }
      Optional<byte[]> none = fresh.decode(rest);
      assertTrue(none.isEmpty());
      if (clean) {
        fresh.endOfInput(rest);
      } else {
        TruncatedFrameException e =
            assertThrows(TruncatedFrameException.class, () -> fresh.endOfInput(rest), "cut " + cut);
        assertEquals(missing, e.missing(), "cut " + cut);
      }

      FrameReader reader = new FrameReader(TricklingInputStream.of(prefix, cut), MAX);
      for (int i = 0; i < complete; i++) {
        assertTrue(reader.read().isPresent());
      }
      if (clean) {
        assertTrue(reader.read().isEmpty());
      } else {
        TruncatedFrameException e = assertThrows(TruncatedFrameException.class, reader::read);
        assertEquals(missing, e.missing(), "cut " + cut);
        assertTrue(e.getMessage().contains(missing + " byte(s) missing"), e.getMessage());
      }
    }
  }

  /**
   * Bytes missing when the stream stops at {@code cut} inside the frame starting at {@code start}.
   */
  private static int missingAt(byte[] wire, int start, int cut) {
    if (cut - start < 4) {
      return 4 - (cut - start);
    }
    int length = ByteBuffer.wrap(wire, start, 4).getInt();
    return start + 4 + length - cut;
  }

  @Test
  void oversizeDeclaredLengthIsRejectedBeforeAllocation() {
    // 4 GiB - 1 declared: allocating it would fail with OutOfMemoryError, not this exception.
    byte[] wire = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2, 3};
    FrameDecoder decoder = new FrameDecoder(1024);
    ByteBuffer in = ByteBuffer.wrap(wire);
    FrameTooLargeException e = assertThrows(FrameTooLargeException.class, () -> decoder.decode(in));
    assertEquals(4294967295L, e.declared());
    assertEquals(1024, e.limit());
    assertThrows(IllegalStateException.class, () -> decoder.decode(in));
    FrameReader reader = new FrameReader(new ByteArrayInputStream(wire), 1024);
    assertThrows(FrameTooLargeException.class, reader::read);
    // One byte over the limit.
    byte[] justOver = {0, 0, 4, 1};
    assertThrows(
        FrameTooLargeException.class,
        () -> new FrameDecoder(1024).decode(ByteBuffer.wrap(justOver)));
  }

  @Test
  void frameOfExactlyTheMaximumIsAccepted() throws IOException {
    byte[] payload = new byte[1024];
    payload[1023] = 7;
    byte[] wire = FrameEncoder.encode(payload);
    assertArrayEquals(payload, new FrameDecoder(1024).decode(ByteBuffer.wrap(wire)).orElseThrow());
    assertArrayEquals(
        payload, new FrameReader(new ByteArrayInputStream(wire), 1024).read().orElseThrow());
  }

  @Test
  void bigFrameArrivingSlowlyGrowsItsBuffer() throws IOException {
    byte[] payload = new byte[300_000];
    new Random(1).nextBytes(payload);
    byte[] wire = FrameEncoder.encode(payload);
    List<byte[]> got = Decoding.all(new FrameDecoder(MAX)::decode, Splits.fixed(wire, 1000));
    assertEquals(1, got.size());
    assertArrayEquals(payload, got.get(0));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    FrameEncoder.write(out, payload);
    assertArrayEquals(wire, out.toByteArray());
  }

  @Test
  void largeFrameNeverSendsItsHeaderAlone() throws IOException {
    List<Integer> writes = new ArrayList<>();
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    OutputStream recording =
        new OutputStream() {
          @Override
          public void write(int b) {
            writes.add(1);
            wire.write(b);
          }

          @Override
          public void write(byte[] b, int off, int len) {
            writes.add(len);
            wire.write(b, off, len);
          }
        };
    byte[] payload = new byte[64 * 1024];
    new Random(7).nextBytes(payload);
    FrameEncoder.write(recording, payload);
    assertTrue(writes.get(0) > 4, "first write carried only " + writes.get(0) + " bytes");
    assertArrayEquals(FrameEncoder.encode(payload), wire.toByteArray());
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void randomFramesRoundTrip(long seed) throws IOException {
    Random random = new Random(seed);
    List<byte[]> payloads = new ArrayList<>();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < 50; i++) {
      int size = random.nextInt(10) == 0 ? random.nextInt(70_000) : random.nextInt(300);
      byte[] p = new byte[size];
      random.nextBytes(p);
      payloads.add(p);
      FrameEncoder.write(out, p);
    }
    byte[] wire = out.toByteArray();
    List<byte[]> pushed =
        Decoding.all(new FrameDecoder(MAX)::decode, Splits.randomChunks(wire, seed, 5000));
    List<byte[]> pulled = readAll(new FrameReader(TricklingInputStream.of(wire, seed, 5000), MAX));
    List<byte[]> exact = readAll(FrameReader.exact(TricklingInputStream.of(wire, seed, 5000), MAX));
    assertEquals(payloads.size(), pushed.size());
    assertEquals(payloads.size(), pulled.size());
    assertEquals(payloads.size(), exact.size());
    for (int i = 0; i < payloads.size(); i++) {
      assertArrayEquals(payloads.get(i), pushed.get(i));
      assertArrayEquals(payloads.get(i), pulled.get(i));
      assertArrayEquals(payloads.get(i), exact.get(i));
    }
  }

  @Test
  void exactReaderNeverReadsPastTheFrame() throws IOException {
    byte[] frame = FrameEncoder.encode("hola".getBytes(US_ASCII));
    byte[] wire = Arrays.copyOf(frame, frame.length + 3);
    wire[frame.length] = 'x';
    InputStream in = new ByteArrayInputStream(wire);
    assertEquals("hola", new String(FrameReader.exact(in, MAX).read().orElseThrow(), US_ASCII));
    assertEquals(3, in.available());
    TricklingInputStream trickle = TricklingInputStream.of(wire, 1, 2);
    FrameReader.exact(trickle, MAX).read();
    assertEquals(frame.length, trickle.consumed());
  }

  @Test
  void exactReaderReportsTruncation() {
    byte[] wire = {0, 0, 0, 9, 1, 2};
    assertEquals(
        7,
        assertThrows(
                TruncatedFrameException.class,
                () -> FrameReader.exact(new ByteArrayInputStream(wire), MAX).read())
            .missing());
    assertEquals(
        2,
        assertThrows(
                TruncatedFrameException.class,
                () -> FrameReader.exact(new ByteArrayInputStream(new byte[] {0, 0}), MAX).read())
            .missing());
  }

  @Test
  void rejectsBadConfiguration() {
    assertThrows(IllegalArgumentException.class, () -> new FrameDecoder(-1));
    assertThrows(IllegalArgumentException.class, () -> new PaddedChunkEncoder(0));
  }

  static List<byte[]> readAll(FrameReader reader) throws IOException {
    List<byte[]> out = new ArrayList<>();
    for (int guard = 0; guard < 100_000; guard++) {
      Optional<byte[]> next = reader.read();
      if (next.isEmpty()) {
        return out;
      }
      out.add(next.get());
    }
    throw new AssertionError("too many frames");
  }

  static List<String> strings(List<byte[]> payloads) {
    return payloads.stream().map(p -> new String(p, US_ASCII)).toList();
  }

  static InputStream stream(byte[] wire) {
    return new ByteArrayInputStream(wire);
  }
}
