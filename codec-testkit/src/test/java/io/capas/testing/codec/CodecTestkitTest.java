package io.capas.testing.codec;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CodecTestkitTest {
  @Test
  void goldenHexSkipsCommentsAndWhitespace() {
    assertArrayEquals(
        new byte[] {0, 0, 0, 2, (byte) 0xab, (byte) 0xcd}, Golden.bytes("sample.hex"));
  }

  @Test
  void goldenExactFileKeepsCrlf() {
    assertArrayEquals("GET / HTTP/1.1\r\n\r\n".getBytes(US_ASCII), Golden.bytes("exact.txt"));
  }

  @Test
  void missingGoldenFileIsNamed() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Golden.bytes("nope.hex"));
    assertTrue(e.getMessage().contains("golden/nope.hex"));
  }

  @Test
  void hexRejectsOddDigitsAndJunk() {
    assertThrows(IllegalArgumentException.class, () -> Hex.parse("abc"));
    assertThrows(IllegalArgumentException.class, () -> Hex.parse("zz"));
    assertEquals("00ff10", Hex.format(Hex.parse("00 FF # x\n10")));
  }

  @Test
  void everySplitReassemblesTheInput() {
    byte[] wire = "hello".getBytes(US_ASCII);
    List<List<ByteBuffer>> splits = Splits.everyTwoWay(wire);
    assertEquals(6, splits.size());
    for (List<ByteBuffer> chunks : splits) {
      assertArrayEquals(wire, Splits.concat(chunks));
    }
    for (List<ByteBuffer> chunks : Splits.all(wire, 5)) {
      assertArrayEquals(wire, Splits.concat(chunks));
    }
    assertEquals(5, Splits.oneByteAtATime(wire).size());
    assertEquals(List.of(3, 2), Splits.fixed(wire, 3).stream().map(ByteBuffer::remaining).toList());
  }

  @Test
  void randomChunksAreReproducibleAndBounded() {
    byte[] wire = new byte[1000];
    List<ByteBuffer> a = Splits.randomChunks(wire, 7, 10);
    List<ByteBuffer> b = Splits.randomChunks(wire, 7, 10);
    assertEquals(
        a.stream().map(ByteBuffer::remaining).toList(),
        b.stream().map(ByteBuffer::remaining).toList());
    assertTrue(a.stream().allMatch(c -> c.remaining() >= 1 && c.remaining() <= 10));
  }

  @Test
  void tricklingStreamReturnsPartialReads() throws IOException {
    byte[] wire = new byte[500];
    for (int i = 0; i < wire.length; i++) {
      wire[i] = (byte) i;
    }
    TricklingInputStream in = TricklingInputStream.of(wire, 3, 5);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[64];
    int n;
    int maxSeen = 0;
    while ((n = in.read(buf, 0, buf.length)) != -1) {
      assertTrue(n >= 1 && n <= 5, "read " + n);
      maxSeen = Math.max(maxSeen, n);
      out.write(buf, 0, n);
    }
    assertArrayEquals(wire, out.toByteArray());
    assertTrue(in.reads() >= 100);
    assertEquals(0, in.available());
  }

  @Test
  void properPrefixesAreAllShorter() {
    List<byte[]> prefixes = Truncations.properPrefixes(new byte[] {1, 2, 3});
    assertEquals(3, prefixes.size());
    assertEquals(0, prefixes.get(0).length);
    assertArrayEquals(new byte[] {1, 2}, prefixes.get(2));
    assertEquals(2, Truncations.nonEmptyProperPrefixes(new byte[] {1, 2, 3}).size());
  }

  @Test
  void decodingAccumulatesAcrossChunks() throws IOException {
    // A toy decoder of 2-byte messages that only consumes whole units.
    Decoding.Step<Integer> pairs =
        in -> in.remaining() >= 2 ? Optional.of((int) in.getShort()) : Optional.empty();
    byte[] wire = {0, 1, 0, 2, 0};
    for (List<ByteBuffer> chunks : Splits.all(wire, 3)) {
      Decoding.Result<Integer> r = Decoding.run(pairs, chunks);
      assertEquals(List.of(1, 2), r.messages());
      assertEquals(1, r.leftover());
    }
  }

  @Test
  void decodingCatchesADecoderThatNeverConsumes() {
    Decoding.Step<Integer> broken = in -> Optional.of(1);
    assertThrows(AssertionError.class, () -> Decoding.all(broken, Splits.whole(new byte[] {1})));
  }

  @Test
  void mutationsAreReproducibleAndDifferFromTheSeed() {
    byte[] input = "POST / HTTP/1.1\r\nHost: h\r\n\r\n".getBytes(US_ASCII);
    List<byte[]> a = new ArrayList<>();
    Mutations.of(input, 5, 200).forEach(a::add);
    List<byte[]> b = new ArrayList<>();
    Mutations.of(input, 5, 200).forEach(b::add);
    assertEquals(200, a.size());
    int changed = 0;
    for (int i = 0; i < a.size(); i++) {
      assertArrayEquals(a.get(i), b.get(i));
      if (!Arrays.equals(a.get(i), input)) {
        changed++;
      }
    }
    assertTrue(changed > 150, "only " + changed + " of 200 variants differ");
    assertEquals(1, Mutations.mutate(new byte[0], new Random(1)).length);
  }

  @Test
  void roundTripReportsTheFirstDifference() throws IOException {
    RoundTrip.assertValueRoundTrip("abc", s -> s.getBytes(US_ASCII), b -> new String(b, US_ASCII));
    AssertionError e =
        assertThrows(
            AssertionError.class,
            () -> RoundTrip.assertSameBytes(new byte[] {1, 2, 3}, new byte[] {1, 9, 3}));
    assertTrue(e.getMessage().contains("index 1"), e.getMessage());
    List<String> seen = new ArrayList<>();
    assertThrows(
        AssertionError.class,
        () ->
            RoundTrip.assertValueRoundTrip(
                "abc",
                s -> s.getBytes(US_ASCII),
                b -> {
                  seen.add("x");
                  return "abd";
                }));
    assertEquals(1, seen.size());
  }
}
