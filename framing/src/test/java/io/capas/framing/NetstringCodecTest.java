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
import io.capas.testing.codec.Truncations;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NetstringCodecTest {
  private static final int MAX = 1 << 20;
  private static final List<String> GOLDEN_PAYLOADS = List.of("hola", "");

  @Test
  void encodesTheGoldenBytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String p : GOLDEN_PAYLOADS) {
      out.writeBytes(NetstringEncoder.encode(p.getBytes(US_ASCII)));
    }
    RoundTrip.assertSameBytes(Golden.bytes("framing/netstrings.hex"), out.toByteArray());
  }

  @Test
  void decodesGoldenNetstringsAtEverySplit() throws IOException {
    byte[] wire = Golden.bytes("framing/netstrings.hex");
    for (List<ByteBuffer> chunks : Splits.all(wire, 20)) {
      NetstringDecoder decoder = new NetstringDecoder(MAX);
      Decoding.Result<byte[]> r = Decoding.run(decoder::decode, chunks);
      assertEquals(GOLDEN_PAYLOADS, strings(r.messages()));
      assertEquals(0, r.leftover());
      assertTrue(decoder.isIdle());
      decoder.endOfInput(ByteBuffer.allocate(0));
    }
  }

  @Test
  void everyTruncationIsNeedMoreOrTruncationError() throws IOException {
    byte[] wire = Golden.bytes("framing/netstrings.hex");
    List<byte[]> prefixes = Truncations.properPrefixes(wire);
    for (int cut = 0; cut < prefixes.size(); cut++) {
      ByteBuffer in = ByteBuffer.wrap(prefixes.get(cut));
      NetstringDecoder decoder = new NetstringDecoder(MAX);
      List<byte[]> got = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        Optional<byte[]> next = decoder.decode(in);
        if (next.isEmpty()) {
          break;
        }
        got.add(next.get());
      }
      boolean clean = cut == 0 || cut == 7;
      assertEquals(GOLDEN_PAYLOADS.subList(0, cut < 7 ? 0 : 1), strings(got), "cut " + cut);
      if (clean) {
        decoder.endOfInput(in);
      } else {
        assertThrows(TruncatedFrameException.class, () -> decoder.endOfInput(in), "cut " + cut);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {":hola,", "4x:hola,", "04:hola,", "-4:hola,", " 4:hola,", "4:hola;", "00:,"})
  void malformedNetstringsAreRefused(String wire) {
    NetstringDecoder decoder = new NetstringDecoder(MAX);
    ByteBuffer in = ByteBuffer.wrap(wire.getBytes(US_ASCII));
    assertThrows(MalformedFrameException.class, () -> decoder.decode(in), wire);
    assertThrows(IllegalStateException.class, () -> decoder.decode(in));
  }

  @Test
  void tooManyDigitsIsRefusedWithoutWaitingForAColon() {
    ByteBuffer in = ByteBuffer.wrap("12345678901".getBytes(US_ASCII));
    assertThrows(MalformedFrameException.class, () -> new NetstringDecoder(MAX).decode(in));
  }

  @Test
  void oversizeDeclaredLengthIsRejectedBeforeAllocation() throws IOException {
    ByteBuffer in = ByteBuffer.wrap("9999999999:x".getBytes(US_ASCII));
    FrameTooLargeException e =
        assertThrows(FrameTooLargeException.class, () -> new NetstringDecoder(1024).decode(in));
    assertEquals(9_999_999_999L, e.declared());
    assertThrows(
        FrameTooLargeException.class,
        () -> new NetstringDecoder(3).decode(ByteBuffer.wrap("4:hola,".getBytes(US_ASCII))));
    assertEquals(
        "hola",
        new String(
            new NetstringDecoder(4)
                .decode(ByteBuffer.wrap("4:hola,".getBytes(US_ASCII)))
                .orElseThrow(),
            US_ASCII));
  }

  @Test
  void leavesTheBytesAfterANetstringInTheBuffer() throws IOException {
    ByteBuffer in = ByteBuffer.wrap("4:hola,BODY".getBytes(US_ASCII));
    assertEquals("hola", new String(new NetstringDecoder(MAX).decode(in).orElseThrow(), US_ASCII));
    assertEquals(4, in.remaining());
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void randomNetstringsRoundTrip(long seed) throws IOException {
    Random random = new Random(seed);
    List<byte[]> payloads = new ArrayList<>();
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    for (int i = 0; i < 10; i++) {
      byte[] p = new byte[random.nextInt(3000)];
      random.nextBytes(p);
      payloads.add(p);
      wire.writeBytes(NetstringEncoder.encode(p));
    }
    List<byte[]> got =
        Decoding.all(
            new NetstringDecoder(MAX)::decode, Splits.randomChunks(wire.toByteArray(), seed, 700));
    assertEquals(payloads.size(), got.size());
    for (int i = 0; i < got.size(); i++) {
      assertArrayEquals(payloads.get(i), got.get(i));
    }
  }

  @Test
  void scgiHeadRoundTripsTheGoldenBytes() throws IOException {
    byte[] golden = Golden.bytes("framing/scgi-head.hex");
    byte[] block = new NetstringDecoder(MAX).decode(ByteBuffer.wrap(golden)).orElseThrow();
    ScgiHeaders headers = ScgiHeaders.parse(block, ScgiHeaders.DEFAULT_MAX_COUNT);
    assertEquals(27, headers.contentLength());
    assertEquals("/RPC2", headers.get("REQUEST_URI").orElseThrow());
    Map<String, String> others = new LinkedHashMap<>();
    others.put("REQUEST_METHOD", "POST");
    others.put("REQUEST_URI", "/RPC2");
    assertEquals(headers, ScgiHeaders.of(27, others));
    RoundTrip.assertSameBytes(golden, headers.encodeHead());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "", // empty block
        "CONTENT_LENGTH\u00005", // not NUL-ended
        "SCGI\u00001\u0000CONTENT_LENGTH\u00005\u0000", // CONTENT_LENGTH not first
        "CONTENT_LENGTH\u0000x\u0000", // not a length
        "CONTENT_LENGTH\u0000-1\u0000",
        "CONTENT_LENGTH\u000005\u0000",
        "CONTENT_LENGTH\u0000\u0000",
        "CONTENT_LENGTH\u00005\u0000A\u0000", // a name without a value
        "CONTENT_LENGTH\u00005\u0000\u0000x\u0000", // an empty name
        "CONTENT_LENGTH\u00005\u0000A\u00001\u0000A\u00002\u0000", // repeated
      })
  void malformedScgiHeadersAreRefused(String block) {
    assertThrows(
        MalformedFrameException.class,
        () -> ScgiHeaders.parse(block.getBytes(US_ASCII), ScgiHeaders.DEFAULT_MAX_COUNT));
  }

  @Test
  void tooManyScgiHeadersAreRefused() throws IOException {
    StringBuilder block = new StringBuilder("CONTENT_LENGTH\u00000\u0000");
    for (int i = 0; i < 4; i++) {
      block.append("H").append(i).append("\u0000v\u0000");
    }
    byte[] bytes = block.toString().getBytes(US_ASCII);
    assertEquals(5, ScgiHeaders.parse(bytes, 5).fields().size());
    FrameTooLargeException e =
        assertThrows(FrameTooLargeException.class, () -> ScgiHeaders.parse(bytes, 4));
    assertEquals(4, e.limit());
  }

  private static List<String> strings(List<byte[]> payloads) {
    List<String> out = new ArrayList<>();
    for (byte[] p : payloads) {
      out.add(new String(p, US_ASCII));
    }
    return out;
  }
}
