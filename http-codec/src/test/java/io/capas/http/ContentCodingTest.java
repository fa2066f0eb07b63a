package io.capas.http;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContentCodingTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''                              | IDENTITY",
        "gzip                            | GZIP",
        "GZIP                            | GZIP",
        "x-gzip                          | GZIP",
        "deflate                         | DEFLATE",
        "gzip, deflate                   | GZIP",
        "deflate, gzip;q=0.5             | DEFLATE",
        "gzip;q=0                        | IDENTITY",
        "*                               | GZIP",
        "*;q=0.1, identity;q=0.5         | IDENTITY",
        "identity;q=0, deflate;q=0.2     | DEFLATE",
        "br                              | IDENTITY",
        "gzip;q=bad                      | IDENTITY",
        "gzip;q=0.8, identity;q=0.9      | IDENTITY",
      })
  void negotiatesAcceptEncoding(String accept, ContentCoding expected) {
    assertEquals(expected, ContentCoding.negotiate(accept));
  }

  @Test
  void roundTripsEveryCoding() throws IOException {
    byte[] body = "<methodCall>".repeat(500).getBytes(US_ASCII);
    for (ContentCoding c : ContentCoding.values()) {
      byte[] encoded = c.encode(body);
      assertArrayEquals(body, c.decode(encoded, body.length), c.name());
      try (InputStream in = c.decodingStream(new ByteArrayInputStream(encoded), body.length)) {
        assertArrayEquals(body, in.readAllBytes());
      }
    }
    assertTrue(ContentCoding.GZIP.encode(body).length < body.length / 10);
  }

  @Test
  void encodesAResponseBodyForTheNegotiatedCoding() throws IOException {
    byte[] xml = "<methodResponse/>".repeat(100).getBytes(US_ASCII);
    HttpResponse plain = HttpMessages.response(xml, 200, "OK");
    HttpResponse gzipped = HttpMessages.encodeBody(plain, ContentCoding.negotiate("gzip"));
    assertEquals("gzip", gzipped.head().headers().first("Content-Encoding").orElseThrow());
    assertEquals(
        Integer.toString(gzipped.body().length),
        gzipped.head().headers().first("Content-Length").orElseThrow());
    HttpResponse parsed = HttpMessages.parseResponse(HttpWriter.encode(gzipped));
    assertArrayEquals(xml, parsed.decodedBody(1 << 20));
    assertEquals(plain, HttpMessages.encodeBody(plain, ContentCoding.IDENTITY));
    assertThrows(
        IllegalArgumentException.class, () -> HttpMessages.encodeBody(gzipped, ContentCoding.GZIP));

    HttpRequest post =
        HttpMessages.encodeBody(HttpMessages.post("h", 80, "/RPC2", xml), ContentCoding.DEFLATE);
    HttpRequest back = HttpMessages.parseRequest(HttpWriter.encode(post));
    assertEquals("h", back.head().headers().first("Host").orElseThrow());
    assertArrayEquals(xml, back.decodedBody(1 << 20));
  }

  @Test
  void acceptsRawDeflateThatSomePeersSend() throws IOException {
    byte[] body = "hello hello hello".getBytes(US_ASCII);
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    try (var out =
        new DeflaterOutputStream(raw, new Deflater(Deflater.DEFAULT_COMPRESSION, true))) {
      out.write(body);
    }
    assertArrayEquals(body, ContentCoding.DEFLATE.decode(raw.toByteArray(), 100));
  }

  @Test
  void gzipBombIsRefusedWithoutInflatingIt() throws IOException {
    // 64 MiB of zeros compress to about 64 KiB; the limit is 1 MiB.
    ByteArrayOutputStream bomb = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bomb)) {
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 64; i++) {
        out.write(zeros);
      }
    }
    byte[] compressed = bomb.toByteArray();
    HttpException e =
        assertThrows(HttpException.class, () -> ContentCoding.GZIP.decode(compressed, 1 << 20));
    assertEquals(413, e.status().code());

    // Through the stream: inflation stops at the cap, so most of the bomb is never even read.
    CountingInputStream source = new CountingInputStream(compressed);
    try (InputStream in = ContentCoding.GZIP.decodingStream(source, 1 << 20)) {
      assertThrows(HttpException.class, () -> in.readAllBytes());
    }
    assertTrue(
        source.consumed < compressed.length / 4,
        "read " + source.consumed + " of " + compressed.length + " compressed bytes");

    HttpRequest request =
        new HttpRequest(
            new RequestHead(
                "POST",
                "/",
                HttpVersion.HTTP_1_1,
                Headers.of("Host", "h", "Content-Encoding", "gzip")),
            compressed);
    assertEquals(
        413, assertThrows(HttpException.class, () -> request.decodedBody(1 << 20)).status().code());
  }

  @Test
  void badCodingsMapToStatuses() {
    assertEquals(
        415,
        assertThrows(
                HttpException.class, () -> ContentCoding.of(Headers.of("Content-Encoding", "br")))
            .status()
            .code());
    assertEquals(
        415,
        assertThrows(
                HttpException.class,
                () -> ContentCoding.of(Headers.of("Content-Encoding", "gzip, deflate")))
            .status()
            .code());
    assertEquals(
        400,
        assertThrows(
                HttpException.class,
                () -> ContentCoding.GZIP.decode("not gzip".getBytes(US_ASCII), 100))
            .status()
            .code());
    byte[] corruptDeflate = new byte[40];
    new Random(1).nextBytes(corruptDeflate);
    corruptDeflate[0] = 0x78;
    corruptDeflate[1] = (byte) 0x9c;
    assertEquals(
        400,
        assertThrows(HttpException.class, () -> ContentCoding.DEFLATE.decode(corruptDeflate, 100))
            .status()
            .code());
    assertEquals(
        413,
        assertThrows(HttpException.class, () -> ContentCoding.IDENTITY.decode(new byte[10], 9))
            .status()
            .code());
  }

  private static final class CountingInputStream extends ByteArrayInputStream {
    int consumed;

    CountingInputStream(byte[] bytes) {
      super(bytes);
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) {
      int n = super.read(b, off, len);
      consumed += Math.max(0, n);
      return n;
    }

    @Override
    public synchronized int read() {
      int b = super.read();
      consumed += b < 0 ? 0 : 1;
      return b;
    }
  }
}
