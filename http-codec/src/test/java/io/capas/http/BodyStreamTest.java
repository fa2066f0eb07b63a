package io.capas.http;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.testing.codec.Golden;
import io.capas.testing.codec.TricklingInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BodyStreamTest {
  private static final HttpLimits LIMITS = HttpLimits.defaults();

  @Test
  void streamsEveryBodyOfAPipelineAsTheBlockingReaderReadsIt() throws IOException {
    byte[] wire = Golden.bytes("http/pipelined.http");
    List<HttpRequest> expected = RequestDecoderTest.readAll(wire);
    for (long seed = 0; seed < 40; seed++) {
      HttpRequestReader reader =
          new HttpRequestReader(TricklingInputStream.of(wire, seed, 1 + (int) seed), LIMITS);
      for (HttpRequest want : expected) {
        RequestHead head = reader.readHead().orElseThrow();
        assertEquals(want.head(), head);
        try (InputStream body = reader.bodyStream(head)) {
          assertArrayEquals(want.body(), readSlowly(body, seed));
          assertEquals(-1, body.read());
        }
      }
      assertEquals(Optional.empty(), reader.readHead());
    }
  }

  @Test
  void closingSkipsTheRestOfTheBody() throws IOException {
    byte[] wire = Golden.bytes("http/pipelined.http");
    HttpRequestReader reader = new HttpRequestReader(TricklingInputStream.of(wire, 3, 5), LIMITS);
    for (int i = 0; i < 2; i++) {
      RequestHead head = reader.readHead().orElseThrow();
      try (InputStream body = reader.bodyStream(head)) {
        assertEquals('<', body.read());
      }
    }
    assertEquals("GET", reader.readHead().orElseThrow().method());
  }

  @Test
  void streamedGzipBodyInflatesUnderItsCap() throws IOException {
    byte[] xml = "<methodCall/>".repeat(1000).getBytes(US_ASCII);
    HttpRequest post =
        HttpMessages.encodeBody(HttpMessages.post("h", 80, "/RPC2", xml), ContentCoding.GZIP);
    HttpRequestReader reader =
        new HttpRequestReader(new ByteArrayInputStream(HttpWriter.encode(post)), LIMITS);
    RequestHead head = reader.readHead().orElseThrow();
    try (InputStream body =
        ContentCoding.of(head.headers()).decodingStream(reader.bodyStream(head), xml.length)) {
      assertArrayEquals(xml, body.readAllBytes());
    }
    HttpRequestReader again =
        new HttpRequestReader(new ByteArrayInputStream(HttpWriter.encode(post)), LIMITS);
    RequestHead h2 = again.readHead().orElseThrow();
    try (InputStream body =
        ContentCoding.GZIP.decodingStream(again.bodyStream(h2), xml.length - 1)) {
      assertEquals(413, assertThrows(HttpException.class, body::readAllBytes).status().code());
    }
  }

  @Test
  void truncatedBodiesFailWhileStreaming() throws IOException {
    for (String wire :
        new String[] {
          "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nabc",
          "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab"
        }) {
      HttpRequestReader reader =
          new HttpRequestReader(new ByteArrayInputStream(wire.getBytes(US_ASCII)), LIMITS);
      InputStream body = reader.bodyStream(reader.readHead().orElseThrow());
      assertThrows(EOFException.class, body::readAllBytes);
    }
  }

  @Test
  void responseBodyUntilCloseStreamsWithALimit() throws IOException {
    byte[] wire = ("HTTP/1.0 200 OK\r\n\r\n" + "x".repeat(300)).getBytes(US_ASCII);
    HttpResponseReader reader = new HttpResponseReader(TricklingInputStream.of(wire, 1, 9), LIMITS);
    ResponseHead head = reader.readHead().orElseThrow();
    assertEquals(300, reader.bodyStream(head, "POST").readAllBytes().length);
    HttpResponseReader small =
        new HttpResponseReader(new ByteArrayInputStream(wire), LIMITS.withMaxBody(100));
    InputStream body = small.bodyStream(small.readHead().orElseThrow(), "POST");
    assertTrue(assertThrows(BadResponseException.class, body::readAllBytes).limitExceeded());
  }

  private static byte[] readSlowly(InputStream in, long seed) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[1 + (int) (seed % 7)];
    for (int n; (n = in.read(buffer, 0, buffer.length)) >= 0; ) {
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }
}
