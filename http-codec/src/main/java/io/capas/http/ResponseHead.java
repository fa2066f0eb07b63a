package io.capas.http;

/** The status line and headers of a response. Immutable and thread-safe. */
public record ResponseHead(HttpVersion version, HttpStatus status, Headers headers) {
  /**
   * Whether the connection persists after this response as far as the head says (RFC 9112 §9.3); a
   * body delimited by the end of the connection also ends it (see {@link HttpResponseReader}).
   */
  public boolean keepAlive() {
    return Persistence.keepAlive(version, headers);
  }
}
