package io.capas.http;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.testing.codec.Decoding;
import io.capas.testing.codec.Splits;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HttpWriterTest {
  @Test
  void addsContentLengthWhenMissing() {
    HttpResponse r =
        new HttpResponse(
            new ResponseHead(
                HttpVersion.HTTP_1_1, HttpStatus.OK, Headers.of("Content-Type", "text/plain")),
            "hi".getBytes(US_ASCII));
    assertEquals(
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nhi",
        new String(HttpWriter.encode(r), US_ASCII));
    HttpResponse noContent =
        new HttpResponse(
            new ResponseHead(HttpVersion.HTTP_1_1, HttpStatus.NO_CONTENT, Headers.empty()),
            new byte[0]);
    assertEquals(
        "HTTP/1.1 204 No Content\r\n\r\n", new String(HttpWriter.encode(noContent), US_ASCII));
    HttpRequest get =
        new HttpRequest(
            new RequestHead("GET", "/", HttpVersion.HTTP_1_1, Headers.of("Host", "h")),
            new byte[0]);
    assertEquals("GET / HTTP/1.1\r\nHost: h\r\n\r\n", new String(HttpWriter.encode(get), US_ASCII));
    HttpRequest emptyPost =
        new HttpRequest(
            new RequestHead("POST", "/", HttpVersion.HTTP_1_1, Headers.of("Host", "h")),
            new byte[0]);
    assertEquals(
        "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n",
        new String(HttpWriter.encode(emptyPost), US_ASCII));
  }

  @Test
  void refusesInconsistentMessages() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            HttpWriter.encode(
                new HttpResponse(
                    new ResponseHead(
                        HttpVersion.HTTP_1_1, HttpStatus.OK, Headers.of("Content-Length", "3")),
                    new byte[2])));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            HttpWriter.encode(
                new HttpResponse(
                    new ResponseHead(HttpVersion.HTTP_1_1, HttpStatus.NO_CONTENT, Headers.empty()),
                    new byte[2])));
    ByteBuffer small = ByteBuffer.allocate(4);
    assertThrows(
        BufferOverflowException.class,
        () -> HttpWriter.put(small, HttpMessages.response(new byte[0], 200, "OK")));
    assertEquals(0, small.position());
  }

  @Test
  void headersCannotSplitAMessage() {
    assertThrows(IllegalArgumentException.class, () -> Headers.of("X", "a\r\nInjected: yes"));
    assertThrows(IllegalArgumentException.class, () -> Headers.of("X", "a\nb"));
    assertThrows(IllegalArgumentException.class, () -> Headers.of("X Y", "a"));
    assertThrows(IllegalArgumentException.class, () -> Headers.of("X", "\u0100"));
    assertThrows(IllegalArgumentException.class, () -> new HttpStatus(200, "O\r\nK"));
    assertThrows(
        IllegalArgumentException.class,
        () -> new RequestHead("GET", "/a b", HttpVersion.HTTP_1_1, Headers.empty()));
  }

  @Test
  void fullBodyWithChunkedHeaderIsWrittenAsOneChunk() throws IOException {
    HttpResponse r =
        new HttpResponse(
            new ResponseHead(
                HttpVersion.HTTP_1_1, HttpStatus.OK, Headers.of("Transfer-Encoding", "chunked")),
            "hello".getBytes(US_ASCII));
    byte[] wire = HttpWriter.encode(r);
    assertEquals(
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
        new String(wire, US_ASCII));
    assertEquals(r, HttpMessages.parseResponse(wire));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    HttpWriter.write(out, r);
    assertArrayEquals(wire, out.toByteArray());
  }

  @Test
  void streamedChunkedBodyDecodesBackAtEverySplit() throws IOException {
    byte[] payload = new byte[30_000];
    new Random(4).nextBytes(payload);
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    RequestHead head =
        new RequestHead(
            "POST",
            "/RPC2",
            HttpVersion.HTTP_1_1,
            Headers.of("Host", "h", "Transfer-Encoding", "chunked"));
    wire.write(HttpWriter.encodeHead(head));
    try (OutputStream body = HttpWriter.chunked(wire)) {
      body.write(payload, 0, 100);
      body.flush();
      body.write(payload[100]);
      body.write(payload, 101, payload.length - 101);
    }
    wire.write("GET / HTTP/1.1\r\nHost: h\r\n\r\n".getBytes(US_ASCII));
    byte[] bytes = wire.toByteArray();
    for (List<ByteBuffer> chunks :
        List.of(
            Splits.fixed(bytes, 1), Splits.fixed(bytes, 7), Splits.randomChunks(bytes, 3, 5000))) {
      List<HttpRequest> got =
          Decoding.all(new RequestDecoder(HttpLimits.defaults())::decode, chunks);
      assertEquals(2, got.size());
      assertArrayEquals(payload, got.get(0).body());
    }
    HttpRequestReader reader =
        new HttpRequestReader(new ByteArrayInputStream(bytes), HttpLimits.defaults());
    assertArrayEquals(payload, reader.read().orElseThrow().body());
    assertEquals("GET", reader.read().orElseThrow().head().method());
  }

  @Test
  void chunkedStreamCloseIsIdempotentAndLeavesTheConnectionOpen() throws IOException {
    ByteArrayOutputStream sink =
        new ByteArrayOutputStream() {
          @Override
          public void close() {
            throw new AssertionError("the connection must stay open");
          }
        };
    OutputStream body = HttpWriter.chunked(sink);
    body.close();
    body.close();
    assertEquals("0\r\n\r\n", sink.toString(US_ASCII));
    assertThrows(IOException.class, () -> body.write(1));
  }

  @Test
  void headCanBePutInFrontOfABodyEncodedFirst() throws IOException {
    byte[] body = "<methodResponse/>".getBytes(US_ASCII);
    ResponseHead head =
        new ResponseHead(
            HttpVersion.HTTP_1_1, HttpStatus.OK, Headers.of("Content-Type", "text/xml"));
    int headLength = HttpWriter.headLength(head, body.length);
    ByteBuffer out = ByteBuffer.allocate(256);
    out.position(256 - body.length - headLength);
    int start = out.position();
    HttpWriter.putHead(out, head, body.length);
    out.put(body);
    assertEquals(256, out.position());
    byte[] wire = Arrays.copyOfRange(out.array(), start, 256);
    assertEquals(
        "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 17\r\n\r\n<methodResponse/>",
        new String(wire, US_ASCII));
    ByteBuffer direct = ByteBuffer.allocateDirect(256);
    HttpWriter.putHead(direct, head, body.length);
    assertEquals(headLength, direct.position());
    assertThrows(
        BufferOverflowException.class,
        () -> HttpWriter.putHead(ByteBuffer.allocate(headLength - 1), head, body.length));
    ResponseHead framed =
        new ResponseHead(HttpVersion.HTTP_1_1, HttpStatus.OK, Headers.of("Content-Length", "17"));
    assertEquals(
        "HTTP/1.1 200 OK\r\nContent-Length: 17\r\n\r\n".length(),
        HttpWriter.headLength(framed, 17));
  }

  @Test
  void requestHeadCanBePutInFrontOfABodyEncodedFirst() throws IOException {
    byte[] body = "<methodCall/>".getBytes(US_ASCII);
    RequestHead head =
        new RequestHead("POST", "/RPC2", HttpVersion.HTTP_1_1, Headers.of("Host", "h:1"));
    int headLength = HttpWriter.headLength(head, body.length);
    ByteBuffer out = ByteBuffer.allocate(128);
    out.position(128 - body.length - headLength);
    int start = out.position();
    HttpWriter.putHead(out, head, body.length);
    out.put(body);
    assertEquals(128, out.position());
    byte[] wire = Arrays.copyOfRange(out.array(), start, 128);
    assertEquals(
        "POST /RPC2 HTTP/1.1\r\nHost: h:1\r\nContent-Length: 13\r\n\r\n<methodCall/>",
        new String(wire, US_ASCII));
    assertEquals(
        new HttpRequest(head, body).body().length, HttpMessages.parseRequest(wire).body().length);
    assertThrows(
        BufferOverflowException.class,
        () -> HttpWriter.putHead(ByteBuffer.allocate(headLength - 1), head, body.length));
    RequestHead framed =
        new RequestHead("POST", "/", HttpVersion.HTTP_1_1, Headers.of("Content-Length", "13"));
    assertEquals(
        "POST / HTTP/1.1\r\nContent-Length: 13\r\n\r\n".length(),
        HttpWriter.headLength(framed, 13));
  }

  @Test
  void largeBodyIsWrittenBehindTheHead() throws IOException {
    byte[] big = new byte[200_000];
    big[199_999] = 9;
    HttpResponse r = HttpMessages.response(big, 200, "OK", "application/octet-stream");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    HttpWriter.write(out, r);
    assertArrayEquals(HttpWriter.encode(r), out.toByteArray());
    assertEquals(r, HttpMessages.parseResponse(out.toByteArray()));
  }

  @Test
  void errorRendersAsShortTextResponse() throws IOException {
    HttpException e =
        new HttpException(HttpStatus.HEADER_FIELDS_TOO_LARGE, "header line exceeds 10 bytes", true);
    byte[] wire = HttpWriter.encode(e.toResponse());
    String text = new String(wire, US_ASCII);
    assertTrue(text.startsWith("HTTP/1.1 431 Request Header Fields Too Large\r\n"), text);
    assertTrue(text.contains("Connection: close\r\n"), text);
    assertTrue(text.contains("Content-Type: text/plain; charset=utf-8\r\n"), text);
    assertTrue(
        text.endsWith(
            "\r\n\r\n431 Request Header Fields Too Large: header line exceeds 10 bytes\n"),
        text);
    HttpResponse parsed = HttpMessages.parseResponse(wire);
    assertFalse(parsed.head().keepAlive());

    HttpException notAllowed = HttpException.methodNotAllowed("GET", List.of("POST"));
    HttpResponse r = notAllowed.toResponse();
    assertEquals(405, r.status().code());
    assertEquals("POST", r.head().headers().first("Allow").orElseThrow());
    assertTrue(r.head().keepAlive());
    assertEquals(411, HttpException.lengthRequired("POST").toResponse().status().code());
  }
}
