package io.capas.http;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;

/**
 * One-call helpers: build a POST request, build a response, parse either from bytes. Built messages
 * carry {@code Content-Length}; {@link HttpWriter} turns them into bytes. Thread-safe (static
 * methods only).
 *
 * <pre>{@code
 * HttpRequest call = HttpMessages.post("localhost", 8000, "/RPC2", xml, "text/xml");
 * byte[] wire = HttpWriter.encode(call);
 * HttpResponse answer = HttpMessages.parseResponse(replyBytes);
 * }</pre>
 */
public final class HttpMessages {
  /** The {@code User-Agent} and {@code Server} value. */
  public static final String PRODUCT = "capas/0.1";

  private HttpMessages() {}

  /**
   * {@code POST path HTTP/1.1} with {@code Host}, {@code User-Agent}, {@code Content-Type} and
   * {@code Content-Length}. The port is left out of {@code Host} when it is 80.
   */
  public static HttpRequest post(
      String host, int port, String path, byte[] body, String contentType) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    String hostHeader = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    if (port != 80) {
      hostHeader += ":" + port;
    }
    Headers headers =
        Headers.builder()
            .add("Host", hostHeader)
            .add("User-Agent", PRODUCT)
            .add("Content-Type", contentType)
            .add("Content-Length", Integer.toString(body.length))
            .build();
    return new HttpRequest(new RequestHead("POST", path, HttpVersion.HTTP_1_1, headers), body);
  }

  /** {@code POST path} of an XML body ({@code text/xml}), as an XML-RPC client sends. */
  public static HttpRequest post(String host, int port, String path, byte[] body) {
    return post(host, port, path, body, "text/xml");
  }

  /**
   * An HTTP/1.1 response with {@code Server}, {@code Content-Type} and {@code Content-Length} (the
   * latter left out when the status forbids a body).
   */
  public static HttpResponse response(byte[] body, int status, String reason, String contentType) {
    HttpStatus s = new HttpStatus(status, reason);
    Headers.Builder headers = Headers.builder().add("Server", PRODUCT);
    if (!s.forbidsBody()) {
      headers.add("Content-Type", contentType).add("Content-Length", Integer.toString(body.length));
    }
    return new HttpResponse(new ResponseHead(HttpVersion.HTTP_1_1, s, headers.build()), body);
  }

  /** A {@code text/xml} response, as an XML-RPC server sends (faults included, with 200). */
  public static HttpResponse response(byte[] body, int status, String reason) {
    return response(body, status, reason, "text/xml");
  }

  /**
   * The response with its body encoded in {@code coding} (see {@link
   * ContentCoding#negotiate(String)}): {@code Content-Encoding} set, {@code Content-Length}
   * updated. Identity returns the response unchanged. The usual server step:
   *
   * <pre>{@code
   * String accepted = request.head().headers().first("Accept-Encoding").orElse("");
   * ContentCoding c = ContentCoding.negotiate(accepted);
   * HttpResponse out = xml.length >= 1024 ? HttpMessages.encodeBody(response, c) : response;
   * }</pre>
   */
  public static HttpResponse encodeBody(HttpResponse response, ContentCoding coding) {
    if (coding == ContentCoding.IDENTITY) {
      return response;
    }
    byte[] body = coding.encode(response.body());
    ResponseHead head = response.head();
    return new HttpResponse(
        new ResponseHead(head.version(), head.status(), recoded(head.headers(), coding, body)),
        body);
  }

  /**
   * The request with its body encoded in {@code coding}, headers updated as in {@link
   * #encodeBody(HttpResponse, ContentCoding)}.
   */
  public static HttpRequest encodeBody(HttpRequest request, ContentCoding coding) {
    if (coding == ContentCoding.IDENTITY) {
      return request;
    }
    byte[] body = coding.encode(request.body());
    RequestHead head = request.head();
    return new HttpRequest(
        new RequestHead(
            head.method(), head.target(), head.version(), recoded(head.headers(), coding, body)),
        body);
  }

  private static Headers recoded(Headers headers, ContentCoding coding, byte[] body) {
    if (headers.contains("Content-Encoding")) {
      throw new IllegalArgumentException(
          "body is already content-encoded: " + headers.first("Content-Encoding").get());
    }
    Headers.Builder b = headers.toBuilder().add("Content-Encoding", coding.token());
    if (headers.contains("Content-Length")) {
      b.set("Content-Length", Integer.toString(body.length));
    }
    return b.build();
  }

  /** Parses one request from {@code wire} (with default limits); trailing bytes are ignored. */
  public static HttpRequest parseRequest(byte[] wire) throws IOException {
    return new HttpRequestReader(new ByteArrayInputStream(wire), HttpLimits.defaults())
        .read()
        .orElseThrow(() -> new EOFException("no request in 0 bytes"));
  }

  /** Parses one final response to a request with {@code requestMethod} from {@code wire}. */
  public static HttpResponse parseResponse(byte[] wire, String requestMethod) throws IOException {
    return new HttpResponseReader(new ByteArrayInputStream(wire), HttpLimits.defaults())
        .read(requestMethod)
        .orElseThrow(() -> new EOFException("no response in " + wire.length + " bytes"));
  }

  /** Parses one final response to a POST from {@code wire}. */
  public static HttpResponse parseResponse(byte[] wire) throws IOException {
    return parseResponse(wire, "POST");
  }
}
