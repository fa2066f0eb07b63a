package io.capas.http;

import java.io.IOException;
import java.util.Arrays;

/**
 * A request head and its body after transfer decoding (chunks joined), still content-encoded if it
 * says {@code Content-Encoding}. The body array is shared, not copied: do not modify it. Immutable
 * by convention and thread-safe.
 */
public record HttpRequest(
    RequestHead head,
    // Shared, not copied, for speed (documented above); the accessor is public API.
    @SuppressWarnings("ArrayRecordComponent") byte[] body) {
  /** The body after content decoding (gzip, deflate), refusing to inflate past {@code limit}. */
  public byte[] decodedBody(long limit) throws IOException {
    return ContentCoding.of(head.headers()).decode(body, limit);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HttpRequest r && r.head.equals(head) && Arrays.equals(r.body, body);
  }

  @Override
  public int hashCode() {
    return head.hashCode() * 31 + Arrays.hashCode(body);
  }

  @Override
  public String toString() {
    return "HttpRequest[" + head + ", body=" + body.length + " bytes]";
  }
}
