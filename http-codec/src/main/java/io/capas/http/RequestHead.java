package io.capas.http;

import java.util.OptionalLong;

/**
 * The request line and headers of a request. Immutable and thread-safe.
 *
 * @param method a token, e.g. {@code POST}
 * @param target the request-target as sent, e.g. {@code /RPC2}
 */
public record RequestHead(String method, String target, HttpVersion version, Headers headers) {
  public RequestHead {
    if (!Ascii.isToken(method)) {
      throw new IllegalArgumentException("method is not a token: " + method);
    }
    if (!Ascii.isTarget(target)) {
      throw new IllegalArgumentException("invalid request target: " + target);
    }
  }

  /**
   * Whether the connection persists after this request (RFC 9112 §9.3): HTTP/1.1 unless {@code
   * Connection: close}; HTTP/1.0 only with {@code Connection: keep-alive}.
   */
  public boolean keepAlive() {
    return Persistence.keepAlive(version, headers);
  }

  /**
   * Whether the client waits for {@code 100 Continue} before sending the body (RFC 9110 §10.1.1).
   */
  public boolean expectsContinue() {
    return version == HttpVersion.HTTP_1_1
        && headers.first("Expect").map(v -> v.equalsIgnoreCase("100-continue")).orElse(false);
  }

  /** The declared Content-Length, if any (not validated; the parsers validate it). */
  public OptionalLong contentLength() {
    return headers
        .first("Content-Length")
        .map(
            v -> {
              try {
                return OptionalLong.of(Long.parseLong(v));
              } catch (NumberFormatException e) {
                return OptionalLong.empty();
              }
            })
        .orElse(OptionalLong.empty());
  }

  /**
   * Whether the head declares a body length (Content-Length or Transfer-Encoding). Without one a
   * request has no body (RFC 9112 §6.3); a server that requires one answers {@link
   * HttpException#lengthRequired}.
   */
  public boolean declaresLength() {
    return headers.contains("Content-Length") || headers.contains("Transfer-Encoding");
  }

  /** Whether the body is chunked. */
  public boolean chunked() {
    return headers.hasToken("Transfer-Encoding", "chunked");
  }
}
