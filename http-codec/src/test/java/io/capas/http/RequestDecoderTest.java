package io.capas.http;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.testing.codec.Decoding;
import io.capas.testing.codec.Golden;
import io.capas.testing.codec.Splits;
import io.capas.testing.codec.Truncations;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RequestDecoderTest {
  private static final HttpLimits LIMITS = HttpLimits.defaults();

  @Test
  void decodesPipelinedRequestsAtEverySplit() throws IOException {
    byte[] wire = Golden.bytes("http/pipelined.http");
    List<HttpRequest> expected = readAll(wire);
    assertEquals(3, expected.size());
    for (List<ByteBuffer> chunks : Splits.all(wire, 30)) {
      RequestDecoder decoder = new RequestDecoder(LIMITS);
      Decoding.Result<HttpRequest> result = Decoding.run(decoder::decode, chunks);
      assertEquals(expected, result.messages());
      assertEquals(0, result.leftover());
      assertTrue(decoder.isIdle());
    }
  }

  @Test
  void decodeInPlaceGivesTheSameRequestsAtEverySplit() throws IOException {
    for (String name :
        List.of(
            "http/pipelined.http",
            "http/chunked-request.http",
            "http/python-xmlrpc-client-request.http",
            "http/capas-post.http")) {
      byte[] wire = Golden.bytes(name);
      List<HttpRequest> expected = readAll(wire);
      for (List<ByteBuffer> chunks : Splits.all(wire, 30)) {
        RequestDecoder decoder = new RequestDecoder(LIMITS);
        // The body view is copied at once: the harness may compact the buffer afterwards.
        Decoding.Result<HttpRequest> result =
            Decoding.run(
                in -> decoder.decodeInPlace(in).map(h -> new HttpRequest(h, copy(decoder.body()))),
                chunks);
        assertEquals(expected, result.messages(), name);
        assertEquals(0, result.leftover(), name);
        assertTrue(decoder.isIdle());
      }
    }
  }

  @Test
  void decodeInPlaceViewsAWholeBodyInTheCallersBufferWithoutCopying() throws IOException {
    byte[] wire = Golden.bytes("http/pipelined.http");
    List<HttpRequest> expected = readAll(wire);
    RequestDecoder decoder = new RequestDecoder(LIMITS);
    ByteBuffer in = ByteBuffer.wrap(wire);
    for (HttpRequest want : expected) {
      RequestHead head = decoder.decodeInPlace(in).orElseThrow();
      assertEquals(want.head(), head);
      ByteBuffer body = decoder.body();
      assertEquals(ByteBuffer.wrap(want.body()), body);
      if (want.body().length > 0 && !want.head().chunked()) {
        // Only compares which array backs the view; no bytes are read through it.
        @SuppressWarnings("ByteBufferBackingArray")
        byte[] backing = body.array();
        assertTrue(backing == wire, "a whole Content-Length body is viewed, not copied");
      }
    }
    assertTrue(decoder.decodeInPlace(in).isEmpty());
    assertFalse(in.hasRemaining());
    assertTrue(expected.stream().anyMatch(r -> r.body().length > 0 && !r.head().chunked()));
  }

  @Test
  void decodeInPlaceRefusesWhatDecodeRefuses() {
    String[] bad = {
      "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\nabc",
      "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
      "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 99999999999\r\n\r\n",
      "POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc",
    };
    for (String request : bad) {
      byte[] wire = request.getBytes(US_ASCII);
      HttpException viaCopy =
          assertThrows(
              HttpException.class,
              () -> new RequestDecoder(LIMITS).decode(ByteBuffer.wrap(wire)),
              request);
      RequestDecoder decoder = new RequestDecoder(LIMITS);
      HttpException inPlace =
          assertThrows(
              HttpException.class, () -> decoder.decodeInPlace(ByteBuffer.wrap(wire)), request);
      assertEquals(viaCopy.status(), inPlace.status(), request);
      assertTrue(inPlace.closeConnection(), request);
      assertEquals(0, decoder.body().remaining());
      assertThrows(IllegalStateException.class, () -> decoder.decodeInPlace(ByteBuffer.wrap(wire)));
    }
  }

  private static byte[] copy(ByteBuffer view) {
    byte[] out = new byte[view.remaining()];
    view.get(out);
    return out;
  }

  @Test
  void everyTruncationNeedsMoreAndEndsInEofError() throws IOException {
    byte[] wire = Golden.bytes("http/python-xmlrpc-client-request.http");
    List<byte[]> prefixes = Truncations.nonEmptyProperPrefixes(wire);
    for (byte[] prefix : prefixes) {
      RequestDecoder decoder = new RequestDecoder(LIMITS);
      ByteBuffer in = roomy(prefix);
      assertTrue(decoder.decode(in).isEmpty(), "prefix of " + prefix.length);
      assertThrows(EOFException.class, () -> decoder.endOfInput(in), "prefix of " + prefix.length);
      HttpRequestReader reader = new HttpRequestReader(new ByteArrayInputStream(prefix), LIMITS);
      assertThrows(EOFException.class, reader::read, "prefix of " + prefix.length);
    }
  }

  @Test
  void everyTruncationOfAChunkedBodyIsAnEofError() throws IOException {
    byte[] wire = Golden.bytes("http/chunked-request.http");
    for (byte[] prefix : Truncations.nonEmptyProperPrefixes(wire)) {
      HttpRequestReader reader = new HttpRequestReader(new ByteArrayInputStream(prefix), LIMITS);
      assertThrows(EOFException.class, reader::read, "prefix of " + prefix.length);
      RequestDecoder decoder = new RequestDecoder(LIMITS);
      ByteBuffer in = roomy(prefix);
      assertTrue(decoder.decode(in).isEmpty());
      assertThrows(EOFException.class, () -> decoder.endOfInput(in));
    }
  }

  @Test
  void cleanEndBetweenRequestsIsNotAnError() throws IOException {
    RequestDecoder decoder = new RequestDecoder(LIMITS);
    ByteBuffer in = ByteBuffer.wrap(Golden.bytes("http/capas-post.http"));
    assertTrue(decoder.decode(in).isPresent());
    decoder.endOfInput(in);
    decoder.endOfInput(ByteBuffer.wrap("\r\n".getBytes(US_ASCII)));
  }

  @Test
  void expectContinueIsReportedOnceBeforeTheBody() throws IOException {
    String head =
        "POST /RPC2 HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n";
    RequestDecoder decoder = new RequestDecoder(LIMITS);
    ByteBuffer in = ByteBuffer.allocate(1024);
    in.put(head.getBytes(US_ASCII)).flip();
    assertTrue(decoder.decode(in).isEmpty());
    assertEquals("/RPC2", decoder.currentHead().orElseThrow().target());
    assertTrue(decoder.takeContinue());
    assertFalse(decoder.takeContinue());
    in.compact().put("hello".getBytes(US_ASCII)).flip();
    HttpRequest request = decoder.decode(in).orElseThrow();
    assertTrue(request.head().expectsContinue());
    assertEquals("hello", new String(request.body(), US_ASCII));
    assertFalse(decoder.takeContinue());
    assertTrue(decoder.currentHead().isEmpty());
  }

  @Test
  void blockingReaderLetsTheServerAnswer100ContinueBeforeTheBody() throws IOException {
    String wire =
        "POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-Continue\r\nContent-Length: 2\r\n\r\nok";
    HttpRequestReader reader =
        new HttpRequestReader(new ByteArrayInputStream(wire.getBytes(US_ASCII)), LIMITS);
    RequestHead head = reader.readHead().orElseThrow();
    assertTrue(head.expectsContinue());
    assertEquals(
        "HTTP/1.1 100 Continue\r\n\r\n", new String(HttpWriter.continueResponse(), US_ASCII));
    assertEquals("ok", new String(reader.readBody(head), US_ASCII));
  }

  @Test
  void noContinueWithoutABodyOrForHttp10() throws IOException {
    RequestDecoder decoder = new RequestDecoder(LIMITS);
    String wire =
        """
        GET / HTTP/1.1\r
        Host: h\r
        Expect: 100-continue\r
        \r
        POST / HTTP/1.0\r
        Expect: 100-continue\r
        Content-Length: 1\r
        \r
        """;
    ByteBuffer in = roomy(wire.getBytes(US_ASCII));
    assertTrue(decoder.decode(in).isPresent());
    assertFalse(decoder.takeContinue());
    assertTrue(decoder.decode(in).isEmpty());
    assertFalse(decoder.takeContinue(), "HTTP/1.0 clients do not wait for 100");
  }

  @Test
  void failedDecoderRefusesFurtherInput() {
    RequestDecoder decoder = new RequestDecoder(LIMITS);
    ByteBuffer in = ByteBuffer.wrap("GET / HTTP/1.1\nHost: x\n\n".getBytes(US_ASCII));
    HttpException e = assertThrows(HttpException.class, () -> decoder.decode(in));
    assertEquals(400, e.status().code());
    assertThrows(IllegalStateException.class, () -> decoder.decode(in));
  }

  @Test
  void directBuffersWork() throws IOException {
    byte[] wire = Golden.bytes("http/pipelined.http");
    ByteBuffer in = ByteBuffer.allocateDirect(wire.length);
    in.put(wire).flip();
    RequestDecoder decoder = new RequestDecoder(LIMITS);
    List<HttpRequest> got = new ArrayList<>();
    for (Optional<HttpRequest> r = decoder.decode(in); r.isPresent(); r = decoder.decode(in)) {
      got.add(r.get());
    }
    assertEquals(readAll(wire), got);
  }

  @Test
  void headLargerThanTheReadBufferFailsInsteadOfHanging() {
    RequestDecoder decoder = new RequestDecoder(LIMITS);
    ByteBuffer small = ByteBuffer.allocate(32);
    small.put("GET / HTTP/1.1\r\nHost: a-long-host-name".getBytes(US_ASCII), 0, 32).flip();
    HttpException e = assertThrows(HttpException.class, () -> decoder.decode(small));
    assertEquals(431, e.status().code());
  }

  @Test
  void growingBufferDecoderWaitsOnAFullBufferAndStillEnforcesTheHeadLimit() throws IOException {
    byte[] wire = "GET / HTTP/1.1\r\nHost: a-long-host-name\r\n\r\n".getBytes(US_ASCII);
    RequestDecoder decoder = RequestDecoder.forGrowingBuffer(LIMITS);
    ByteBuffer small = ByteBuffer.allocate(32);
    small.put(wire, 0, 32).flip();
    assertTrue(decoder.decode(small).isEmpty(), "a full buffer only means: grow it and read more");
    ByteBuffer grown = ByteBuffer.wrap(wire);
    assertEquals(
        "a-long-host-name",
        decoder.decode(grown).orElseThrow().head().headers().first("Host").orElseThrow());
    HttpLimits tight = LIMITS.withHeadLimits(64, 64, 128, 100);
    RequestDecoder limited = RequestDecoder.forGrowingBuffer(tight);
    StringBuilder head = new StringBuilder("GET / HTTP/1.1\r\nHost: h\r\n");
    for (int i = 0; i < 20; i++) {
      head.append("X-").append(i).append(": v\r\n");
    }
    HttpException e =
        assertThrows(
            HttpException.class,
            () -> limited.decode(ByteBuffer.wrap(head.toString().getBytes(US_ASCII))));
    assertEquals(431, e.status().code());
  }

  @Test
  void skipsEmptyLinesBeforeARequest() throws IOException {
    byte[] wire = "\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n".getBytes(US_ASCII);
    assertEquals(
        "GET",
        new RequestDecoder(LIMITS).decode(ByteBuffer.wrap(wire)).orElseThrow().head().method());
    assertEquals("GET", HttpMessages.parseRequest(wire).head().method());
    byte[] many = ("\r\n".repeat(20) + "GET / HTTP/1.1\r\nHost: h\r\n\r\n").getBytes(US_ASCII);
    assertEquals(
        400,
        assertThrows(HttpException.class, () -> HttpMessages.parseRequest(many)).status().code());
  }

  /** The bytes in a read buffer with room to spare, as a server's buffer has. */
  static ByteBuffer roomy(byte[] bytes) {
    return ByteBuffer.allocate(bytes.length + 64).put(bytes).flip();
  }

  static List<HttpRequest> readAll(byte[] wire) throws IOException {
    HttpRequestReader reader = new HttpRequestReader(new ByteArrayInputStream(wire), LIMITS);
    List<HttpRequest> out = new ArrayList<>();
    for (Optional<HttpRequest> r = reader.read(); r.isPresent(); r = reader.read()) {
      out.add(r.get());
    }
    return out;
  }
}
