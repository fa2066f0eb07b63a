package io.capas.http;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.testing.codec.TricklingInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ResponseReaderTest {
  private static final HttpLimits LIMITS = HttpLimits.defaults();

  private static HttpResponseReader reader(String wire) {
    return new HttpResponseReader(TricklingInputStream.of(wire.getBytes(US_ASCII), 5, 3), LIMITS);
  }

  @Test
  void bodyWithoutLengthRunsToTheEndOfStream() throws IOException {
    HttpResponse r =
        reader("HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\n\r\n<a/>").read("POST").orElseThrow();
    assertEquals("<a/>", new String(r.body(), US_ASCII));
    assertFalse(HttpResponseReader.keepAlive(r, "POST"));
  }

  @Test
  void untilCloseBodyHasALimit() {
    HttpResponseReader r =
        new HttpResponseReader(
            new ByteArrayInputStream(
                ("HTTP/1.1 200 OK\r\n\r\n" + "x".repeat(200)).getBytes(US_ASCII)),
            LIMITS.withMaxBody(100));
    assertTrue(assertThrows(BadResponseException.class, () -> r.read("POST")).limitExceeded());
  }

  @Test
  void skipsInterimResponses() throws IOException {
    HttpResponseReader r =
        reader("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    HttpResponse response = r.read("POST").orElseThrow();
    assertEquals(200, response.status().code());
    assertTrue(HttpResponseReader.keepAlive(response, "POST"));
  }

  @Test
  void headAnd204And304HaveNoBody() throws IOException {
    HttpResponseReader r =
        reader(
            """
            HTTP/1.1 200 OK\r
            Content-Length: 10\r
            \r
            HTTP/1.1 204 No Content\r
            \r
            HTTP/1.1 304 Not Modified\r
            Content-Length: 5\r
            \r
            HTTP/1.1 200 OK\r
            Content-Length: 1\r
            \r
            z""");
    assertEquals(0, r.read("HEAD").orElseThrow().body().length);
    assertEquals(204, r.read("GET").orElseThrow().status().code());
    assertEquals(304, r.read("GET").orElseThrow().status().code());
    assertEquals("z", new String(r.read("GET").orElseThrow().body(), US_ASCII));
    assertTrue(r.read("GET").isEmpty());
  }

  @Test
  void chunkedResponse() throws IOException {
    HttpResponse r =
        reader("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n")
            .read("POST")
            .orElseThrow();
    assertEquals("ok", new String(r.body(), US_ASCII));
    assertTrue(HttpResponseReader.keepAlive(r, "POST"));
  }

  @Test
  void reasonPhraseMayBeEmptyOrCustom() throws IOException {
    assertEquals(
        new HttpStatus(200, ""),
        reader("HTTP/1.1 200 \r\nContent-Length: 0\r\n\r\n").read("GET").orElseThrow().status());
    assertEquals(
        new HttpStatus(200, ""),
        reader("HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n").read("GET").orElseThrow().status());
    assertEquals(
        new HttpStatus(599, "Strange Things"),
        reader("HTTP/1.1 599 Strange Things\r\nContent-Length: 0\r\n\r\n")
            .read("GET")
            .orElseThrow()
            .status());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "HTTP/1.1 2000 OK",
        "HTTP/1.1 20 OK",
        "HTTP/1.1 2x0 OK",
        "HTTP/1.1 099 Low",
        "HTTP/2 200 OK",
        "http/1.1 200 OK",
        "HTTP/1.1 200OK",
      })
  void malformedStatusLines(String line) {
    HttpResponseReader r = reader(line + "\r\nContent-Length: 0\r\n\r\n");
    assertThrows(BadResponseException.class, () -> r.read("GET"));
  }

  @Test
  void conflictingContentLengthsAreStillRejected() {
    assertThrows(
        BadResponseException.class,
        () ->
            reader("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc")
                .read("GET"));
  }

  @Test
  void chunkedOverridesContentLengthInAResponseThatThenCloses() throws IOException {
    // Perl's RPC::XML::Server sends answers over 1 MiB with both; RFC 9112 §6.3 item 3: the
    // Transfer-Encoding wins, and the connection is not reused (as Python and curl do).
    String both =
        """
        HTTP/1.1 200 OK\r
        Content-Length: 5\r
        Transfer-Encoding: chunked\r
        \r
        2\r
        ok\r
        3\r
        !!!\r
        0\r
        \r
        """;
    HttpResponse r = reader(both).read("POST").orElseThrow();
    assertEquals("ok!!!", new String(r.body(), US_ASCII));
    assertFalse(HttpResponseReader.keepAlive(r, "POST"));

    HttpResponseReader streamed = reader(both);
    ResponseHead head = streamed.readHead().orElseThrow();
    try (var body = streamed.bodyStream(head, "POST")) {
      assertEquals("ok!!!", new String(body.readAllBytes(), US_ASCII));
    }

    // RFC 9112 §6.1: Transfer-Encoding in an HTTP/1.0 message: read it, then close.
    HttpResponse old =
        reader(
                """
                HTTP/1.0 200 OK\r
                Connection: keep-alive\r
                Transfer-Encoding: chunked\r
                \r
                2\r
                ok\r
                0\r
                \r
                """)
            .read("POST")
            .orElseThrow();
    assertEquals("ok", new String(old.body(), US_ASCII));
    assertFalse(HttpResponseReader.keepAlive(old, "POST"));
  }

  static Stream<Arguments> badResponses() {
    return Stream.of(
        Arguments.of(
            "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc",
            "Content-Length"),
        Arguments.of("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "chunk size"),
        Arguments.of("HTTP/1.1 200 OK\r\nX: a\r\n  b\r\n\r\n", "folding"),
        Arguments.of("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n", "limit"),
        Arguments.of("HTTP/1.1 2x0 OK\r\n\r\n", "status code"),
        Arguments.of("HTTP/1.1 200 " + "k".repeat(9000) + "\r\n\r\n", "limit"));
  }

  @ParameterizedTest
  @MethodSource("badResponses")
  void badResponsesSayWhatWasWrongAndNameNoStatus(String wire, String what) {
    HttpResponseReader r =
        new HttpResponseReader(
            new ByteArrayInputStream(wire.getBytes(US_ASCII)), LIMITS.withMaxBody(100));
    BadResponseException e = assertThrows(BadResponseException.class, () -> r.read("POST"));
    assertTrue(e.getMessage().contains(what), e.getMessage());
    for (String status : new String[] {"400", "413", "Bad Request", "Too Large"}) {
      assertFalse(e.getMessage().contains(status), e.getMessage());
    }
    assertEquals(what.equals("limit"), e.limitExceeded(), e.getMessage());
  }

  @Test
  void bodyStreamErrorsAreResponseErrorsToo() throws IOException {
    HttpResponseReader r =
        reader("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\nzz\r\n");
    ResponseHead head = r.readHead().orElseThrow();
    try (var body = r.bodyStream(head, "POST")) {
      BadResponseException e = assertThrows(BadResponseException.class, body::readAllBytes);
      assertFalse(e.getMessage().contains("400"), e.getMessage());
    }
  }

  @Test
  void decodingAResponseBodyNamesNoStatus() {
    HttpResponse gzipped =
        new HttpResponse(
            new ResponseHead(
                HttpVersion.HTTP_1_1, HttpStatus.OK, Headers.of("Content-Encoding", "gzip")),
            "not gzip".getBytes(US_ASCII));
    BadResponseException e =
        assertThrows(BadResponseException.class, () -> gzipped.decodedBody(100));
    assertFalse(e.getMessage().contains("400"), e.getMessage());
    BadResponseException streamed =
        assertThrows(
            BadResponseException.class, () -> gzipped.decodedBodyStream(100).readAllBytes());
    assertFalse(streamed.getMessage().contains("400"), streamed.getMessage());
    HttpResponse brotli =
        new HttpResponse(
            new ResponseHead(
                HttpVersion.HTTP_1_1, HttpStatus.OK, Headers.of("Content-Encoding", "br")),
            new byte[1]);
    BadResponseException unknown =
        assertThrows(BadResponseException.class, () -> brotli.decodedBodyStream(100));
    assertFalse(unknown.getMessage().contains("415"), unknown.getMessage());
    HttpResponse big =
        new HttpResponse(
            new ResponseHead(
                HttpVersion.HTTP_1_1, HttpStatus.OK, Headers.of("Content-Encoding", "gzip")),
            ContentCoding.GZIP.encode(new byte[1000]));
    assertTrue(
        assertThrows(BadResponseException.class, () -> big.decodedBody(999)).limitExceeded());
  }

  @Test
  void closedBeforeAnyByteIsEmptyButTruncationIsAnError() throws IOException {
    assertTrue(reader("").read("POST").isEmpty());
    assertThrows(EOFException.class, () -> reader("HTTP/1.1 200 OK\r\n").read("POST"));
    assertThrows(
        EOFException.class,
        () -> reader("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nabc").read("POST"));
  }
}
