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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
    assertEquals(413, assertThrows(HttpException.class, () -> r.read("POST")).status().code());
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
            "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n"
                + "HTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nz");
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
    assertThrows(HttpException.class, () -> r.read("GET"));
  }

  @Test
  void responseSmugglingSignalsAreRejected() {
    assertThrows(
        HttpException.class,
        () ->
            reader("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n")
                .read("GET"));
    assertThrows(
        HttpException.class,
        () ->
            reader("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc")
                .read("GET"));
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
