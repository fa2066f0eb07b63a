package io.capas.http;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.testing.codec.Golden;
import io.capas.testing.codec.RoundTrip;
import io.capas.testing.codec.TricklingInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Real bytes from Python's xmlrpc.client and xmlrpc.server (src/test/python/capture_golden.py). */
class GoldenMessagesTest {
  private static final HttpLimits LIMITS = HttpLimits.defaults();

  @Test
  void parsesPythonClientRequest() throws IOException {
    HttpRequest request =
        HttpMessages.parseRequest(Golden.bytes("http/python-xmlrpc-client-request.http"));
    RequestHead head = request.head();
    assertEquals("POST", head.method());
    assertEquals("/RPC2", head.target());
    assertEquals(HttpVersion.HTTP_1_1, head.version());
    assertTrue(head.headers().first("host").orElseThrow().startsWith("127.0.0.1:"));
    assertEquals("text/xml", head.headers().first("CONTENT-TYPE").orElseThrow());
    assertEquals(
        List.of("Host", "Accept-Encoding", "Content-Type", "User-Agent", "Content-Length"),
        names(head.headers()));
    assertEquals(188, head.contentLength().orElseThrow());
    assertEquals(188, request.body().length);
    assertTrue(
        new String(request.body(), US_ASCII).startsWith("<?xml version='1.0'?>\n<methodCall>"));
    assertTrue(head.keepAlive());
    assertFalse(head.expectsContinue());
    assertEquals(
        ContentCoding.GZIP,
        ContentCoding.negotiate(head.headers().first("Accept-Encoding").orElseThrow()));
  }

  @Test
  void pythonClientRequestSurvivesAByteExactRoundTrip() throws IOException {
    byte[] golden = Golden.bytes("http/python-xmlrpc-client-request.http");
    RoundTrip.assertBytesRoundTrip(golden, HttpMessages::parseRequest, HttpWriter::encode);
  }

  @Test
  void parsesPythonClientRequestFromEveryTrickle() throws IOException {
    byte[] golden = Golden.bytes("http/python-xmlrpc-client-request.http");
    HttpRequest expected = HttpMessages.parseRequest(golden);
    for (long seed = 0; seed < 50; seed++) {
      HttpRequestReader reader =
          new HttpRequestReader(TricklingInputStream.of(golden, seed, 1 + (int) seed % 9), LIMITS);
      assertEquals(expected, reader.read().orElseThrow());
      assertTrue(reader.read().isEmpty());
    }
  }

  @Test
  void parsesPythonServerResponse() throws IOException {
    byte[] golden = Golden.bytes("http/python-xmlrpc-server-response.http");
    HttpResponse response = HttpMessages.parseResponse(golden);
    assertEquals(HttpVersion.HTTP_1_0, response.head().version());
    assertEquals(HttpStatus.OK, response.status());
    assertEquals("121", response.head().headers().first("Content-Length").orElseThrow());
    assertEquals("Content-length", response.head().headers().name(3));
    assertFalse(response.head().keepAlive(), "HTTP/1.0 without keep-alive closes");
    assertTrue(new String(response.body(), US_ASCII).contains("<int>5</int>"));
    for (long seed = 0; seed < 30; seed++) {
      HttpResponseReader reader =
          new HttpResponseReader(TricklingInputStream.of(golden, seed, 4), LIMITS);
      assertEquals(response, reader.read("POST").orElseThrow());
    }
    RoundTrip.assertBytesRoundTrip(golden, HttpMessages::parseResponse, HttpWriter::encode);
  }

  @Test
  void parsesPythonServerFault() throws IOException {
    HttpResponse response =
        HttpMessages.parseResponse(Golden.bytes("http/python-xmlrpc-server-fault.http"));
    assertEquals(200, response.status().code());
    assertTrue(new String(response.body(), US_ASCII).contains("faultCode"));
  }

  @Test
  void inflatesPythonServerGzipResponse() throws IOException {
    HttpResponse response =
        HttpMessages.parseResponse(Golden.bytes("http/python-xmlrpc-server-gzip-response.http"));
    assertEquals("gzip", response.head().headers().first("content-encoding").orElseThrow());
    String xml = new String(response.decodedBody(LIMITS.maxDecompressedBody()), US_ASCII);
    assertTrue(xml.contains("<string>" + "x".repeat(3000) + "</string>"), xml);
  }

  @Test
  void writesCanonicalPost() throws IOException {
    HttpRequest post =
        HttpMessages.post(
            "localhost", 8080, "/RPC2", "<methodCall/>".getBytes(US_ASCII), "text/xml");
    byte[] golden = Golden.bytes("http/capas-post.http");
    RoundTrip.assertSameBytes(golden, HttpWriter.encode(post));
    assertEquals(post, HttpMessages.parseRequest(golden));
  }

  @Test
  void writesCanonicalResponse() throws IOException {
    HttpResponse response =
        HttpMessages.response("<methodResponse/>".getBytes(US_ASCII), 200, "OK");
    byte[] golden = Golden.bytes("http/capas-response.http");
    RoundTrip.assertSameBytes(golden, HttpWriter.encode(response));
    assertEquals(response, HttpMessages.parseResponse(golden));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    HttpWriter.write(out, response);
    assertArrayEquals(golden, out.toByteArray());
    ByteBuffer buffer = ByteBuffer.allocate(HttpWriter.encodedLength(response));
    HttpWriter.put(buffer, response);
    assertArrayEquals(golden, buffer.array());
  }

  @Test
  void decodesChunkedRequestWithExtensionAndTrailer() throws IOException {
    HttpRequest request = HttpMessages.parseRequest(Golden.bytes("http/chunked-request.http"));
    assertTrue(request.head().chunked());
    assertEquals("<methodCall/>", new String(request.body(), ISO_8859_1));
  }

  @Test
  void readsPipelinedRequestsInOrderFromOneStream() throws IOException {
    byte[] wire = Golden.bytes("http/pipelined.http");
    for (long seed = 0; seed < 30; seed++) {
      HttpRequestReader reader =
          new HttpRequestReader(TricklingInputStream.of(wire, seed, 64), LIMITS);
      assertEquals("/RPC2", reader.read().orElseThrow().head().target());
      assertEquals("<methodCall/>", new String(reader.read().orElseThrow().body(), US_ASCII));
      HttpRequest last = reader.read().orElseThrow();
      assertEquals("GET", last.head().method());
      assertFalse(last.head().keepAlive());
      assertTrue(reader.read().isEmpty());
    }
    HttpRequestReader whole = new HttpRequestReader(new ByteArrayInputStream(wire), LIMITS);
    for (int i = 0; i < 3; i++) {
      assertTrue(whole.read().isPresent());
    }
    assertTrue(whole.read().isEmpty());
  }

  static List<String> names(Headers headers) {
    return IntStream.range(0, headers.size()).mapToObj(headers::name).toList();
  }
}
