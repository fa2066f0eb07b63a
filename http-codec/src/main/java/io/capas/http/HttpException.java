package io.capas.http;

import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The peer's message broke HTTP/1.1 or a limit. It carries the status to answer with and whether
 * the connection must close because the parser can no longer trust its place in the stream. {@link
 * #toResponse()} renders it as a short {@code text/plain} response.
 */
public final class HttpException extends ProtocolException {
  private final HttpStatus status;
  private final boolean closeConnection;
  private final List<String> allowedMethods;
  private final String detail;

  public HttpException(HttpStatus status, String message, boolean closeConnection) {
    this(status, message, closeConnection, List.of());
  }

  private HttpException(
      HttpStatus status, String message, boolean closeConnection, List<String> allowed) {
    super(status.code() + " " + status.reason() + ": " + message);
    this.status = status;
    this.closeConnection = closeConnection;
    this.allowedMethods = List.copyOf(allowed);
    this.detail = message;
  }

  /** 400, connection closed: the framing of the stream can no longer be trusted. */
  static HttpException badRequest(String message) {
    return new HttpException(HttpStatus.BAD_REQUEST, message, true);
  }

  /** 405 with an {@code Allow} header; the connection may stay open (the body was read). */
  public static HttpException methodNotAllowed(String method, List<String> allowed) {
    return new HttpException(
        HttpStatus.METHOD_NOT_ALLOWED, "method " + method + " is not allowed", false, allowed);
  }

  /** 411: the request has a body but no declared length; the connection closes. */
  public static HttpException lengthRequired(String method) {
    return new HttpException(HttpStatus.LENGTH_REQUIRED, method + " requires Content-Length", true);
  }

  /** What was wrong, without the status (the message is status, reason and this). */
  String detail() {
    return detail;
  }

  /** The status to answer with. */
  public HttpStatus status() {
    return status;
  }

  /** Whether the connection must be closed after answering. */
  public boolean closeConnection() {
    return closeConnection;
  }

  /** Methods for the {@code Allow} header of a 405 (empty otherwise). */
  public List<String> allowedMethods() {
    return allowedMethods;
  }

  /**
   * A short {@code text/plain} response for this error: the status line, {@code Content-Type},
   * {@code Content-Length}, {@code Allow} for 405, {@code Connection: close} when the connection
   * must close, and the message as the body.
   */
  public HttpResponse toResponse() {
    Headers.Builder headers = Headers.builder().add("Content-Type", "text/plain; charset=utf-8");
    if (!allowedMethods.isEmpty()) {
      headers.add("Allow", String.join(", ", allowedMethods));
    }
    if (closeConnection) {
      headers.add("Connection", "close");
    }
    byte[] body = (getMessage() + "\n").getBytes(StandardCharsets.UTF_8);
    return new HttpResponse(new ResponseHead(HttpVersion.HTTP_1_1, status, headers.build()), body);
  }
}
