package io.capas.http;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.testing.codec.TricklingInputStream;
import java.nio.ByteBuffer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each malformed request maps to its status, the same through the blocking reader and the push
 * decoder.
 */
class MalformedRequestTest {
  private static final HttpLimits LIMITS =
      HttpLimits.defaults().withHeadLimits(64, 64, 256, 5).withMaxBody(100);

  static Stream<Arguments> malformed() {
    String h = "Host: h\r\n";
    return Stream.of(
        // RFC 9112 §6.3: smuggling vectors.
        bad(
            400,
            "POST / HTTP/1.1\r\n" + h + "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"),
        bad(
            400,
            "POST / HTTP/1.1\r\n" + h + "Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n"),
        bad(400, "POST / HTTP/1.1\r\n" + h + "Content-Length: 3\r\nContent-Length: 4\r\n\r\nabcd"),
        bad(400, "POST / HTTP/1.1\r\n" + h + "Content-Length: 3, 4\r\n\r\nabcd"),
        bad(400, "POST / HTTP/1.1\r\n" + h + "Content-Length: -1\r\n\r\n"),
        bad(400, "POST / HTTP/1.1\r\n" + h + "Content-Length: +3\r\n\r\nabc"),
        bad(400, "POST / HTTP/1.1\r\n" + h + "Content-Length: 0x10\r\n\r\n"),
        bad(400, "POST / HTTP/1.1\r\n" + h + "Content-Length: 1 2\r\n\r\n"),
        bad(400, "POST / HTTP/1.1\r\n" + h + "Content-Length:\r\n\r\n"),
        bad(400, "POST / HTTP/1.1\r\n" + h + "Content-Length : 3\r\n\r\nabc"),
        bad(400, "POST / HTTP/1.1\r\n" + h + "Transfer-Encoding\t: chunked\r\n\r\n0\r\n\r\n"),
        bad(400, "POST / HTTP/1.1\r\n" + h + "Transfer-Encoding: chunked, identity\r\n\r\n"),
        bad(400, "POST / HTTP/1.1\r\n" + h + "Transfer-Encoding: chunked, chunked\r\n\r\n"),
        bad(400, "POST / HTTP/1.1\r\n" + h + "Transfer-Encoding: \r\n\r\n"),
        bad(400, "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
        bad(501, "POST / HTTP/1.1\r\n" + h + "Transfer-Encoding: gzip, chunked\r\n\r\n"),
        // Line structure.
        bad(400, "GET / HTTP/1.1\n" + h + "\r\n"),
        bad(400, "GET / HTTP/1.1\r\nHost: h\n\r\n"),
        bad(400, "GET / HTTP/1.1\r\nHost: h\rX: y\r\n\r\n"),
        bad(400, "GET / HTTP/1.1\r\n" + h + "X: a\rb\r\n\r\n"),
        bad(400, "GET / HTTP/1.1\r\n" + h + "X: a\r\n  folded\r\n\r\n"),
        bad(400, "GET / HTTP/1.1\r\n" + h + "\tX: a\r\n\r\n"),
        bad(400, "GET / HTTP/1.1\r\n" + h + "X: a\u0000b\r\n\r\n"),
        bad(400, "GET / HTTP/1.1\r\n" + h + "X: a\u007fb\r\n\r\n"),
        bad(400, "GET / HTTP/1.1\r\n" + h + "X(y): a\r\n\r\n"),
        bad(400, "GET / HTTP/1.1\r\n" + h + ": a\r\n\r\n"),
        bad(400, "GET / HTTP/1.1\r\n" + h + "NoColon\r\n\r\n"),
        bad(400, "GET / HTTP/1.1\r\n" + h + "X\u00e9: a\r\n\r\n"),
        // Request line.
        bad(400, "GET  / HTTP/1.1\r\n" + h + "\r\n"),
        bad(400, "GET / HTTP/1.1 \r\n" + h + "\r\n"),
        bad(400, "GET /a b HTTP/1.1\r\n" + h + "\r\n"),
        bad(400, "G(T / HTTP/1.1\r\n" + h + "\r\n"),
        bad(400, "GET /\u00e9 HTTP/1.1\r\n" + h + "\r\n"),
        bad(400, "GET /\r\n" + h + "\r\n"),
        bad(400, "GET / http/1.1\r\n" + h + "\r\n"),
        bad(400, "GET / HTTP/1.10\r\n" + h + "\r\n"),
        bad(400, " GET / HTTP/1.1\r\n" + h + "\r\n"),
        bad(505, "GET / HTTP/2.0\r\n" + h + "\r\n"),
        bad(505, "GET / HTTP/1.2\r\n" + h + "\r\n"),
        bad(505, "GET / HTTP/0.9\r\n" + h + "\r\n"),
        // Host (RFC 9112 §3.2).
        bad(400, "GET / HTTP/1.1\r\n\r\n"),
        bad(400, "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"),
        // Chunked body.
        bad(400, "POST / HTTP/1.1\r\n" + h + "Transfer-Encoding: chunked\r\n\r\nzz\r\n"),
        bad(400, "POST / HTTP/1.1\r\n" + h + "Transfer-Encoding: chunked\r\n\r\n-1\r\n"),
        bad(400, "POST / HTTP/1.1\r\n" + h + "Transfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n"),
        bad(400, "POST / HTTP/1.1\r\n" + h + "Transfer-Encoding: chunked\r\n\r\n3\nabc\r\n"),
        bad(400, "POST / HTTP/1.1\r\n" + h + "Transfer-Encoding: chunked\r\n\r\n3 x\r\nabc\r\n"),
        bad(
            400,
            "POST / HTTP/1.1\r\n"
                + h
                + "Transfer-Encoding: chunked\r\n\r\n0\r\nbad trailer\r\n\r\n"),
        // Limits (request line 64, header line 64, head 256, 5 headers, body 100).
        bad(414, "GET /" + "a".repeat(70) + " HTTP/1.1\r\n" + h + "\r\n"),
        bad(414, "GET /" + "a".repeat(200)),
        bad(431, "GET / HTTP/1.1\r\n" + h + "X: " + "v".repeat(70) + "\r\n\r\n"),
        bad(431, "GET / HTTP/1.1\r\n" + h + "X: " + "v".repeat(100)),
        bad(431, "GET / HTTP/1.1\r\n" + h + ("X: " + "v".repeat(60) + "\r\n").repeat(4) + "\r\n"),
        bad(431, "GET / HTTP/1.1\r\n" + h + "A: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\nE: 5\r\n\r\n"),
        bad(413, "POST / HTTP/1.1\r\n" + h + "Content-Length: 101\r\n\r\n"),
        bad(413, "POST / HTTP/1.1\r\n" + h + "Content-Length: 99999999999999999999999\r\n\r\n"),
        bad(413, "POST / HTTP/1.1\r\n" + h + "Transfer-Encoding: chunked\r\n\r\n65\r\n"),
        bad(
            413,
            "POST / HTTP/1.1\r\n"
                + h
                + "Transfer-Encoding: chunked\r\n\r\n32\r\n"
                + "x".repeat(50)
                + "\r\n33\r\n"),
        bad(
            413,
            "POST / HTTP/1.1\r\n"
                + h
                + "Transfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\n"));
  }

  private static Arguments bad(int status, String wire) {
    return Arguments.of(status, wire);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("malformed")
  void blockingReaderMapsToStatus(int status, String wire) {
    byte[] bytes = wire.getBytes(ISO_8859_1);
    for (long seed = 0; seed < 3; seed++) {
      HttpRequestReader reader =
          new HttpRequestReader(TricklingInputStream.of(bytes, seed, 16), LIMITS);
      HttpException e = assertThrows(HttpException.class, reader::read, wire);
      assertEquals(status, e.status().code(), e.getMessage());
    }
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("malformed")
  void pushDecoderMapsToStatus(int status, String wire) {
    ByteBuffer in = RequestDecoderTest.roomy(wire.getBytes(ISO_8859_1));
    RequestDecoder decoder = new RequestDecoder(LIMITS);
    HttpException e = assertThrows(HttpException.class, () -> decoder.decode(in), wire);
    assertEquals(status, e.status().code(), e.getMessage());
    HttpResponse answer = e.toResponse();
    assertEquals(status, answer.status().code());
    assertTrue(
        e.closeConnection(), "the stream position cannot be trusted after " + e.getMessage());
  }
}
