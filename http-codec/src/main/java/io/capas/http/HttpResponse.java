package io.capas.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * A response head and its body after transfer decoding, still content-encoded if it says {@code
 * Content-Encoding}. The body array is shared, not copied: do not modify it. Immutable by
 * convention and thread-safe.
 */
public record HttpResponse(
    ResponseHead head,
    // Shared, not copied, for speed (documented above); the accessor is public API.
    @SuppressWarnings("ArrayRecordComponent") byte[] body) {
  /** The status. */
  public HttpStatus status() {
    return head.status();
  }

  /**
   * The body after content decoding (gzip, deflate), refusing to inflate past {@code limit}.
   *
   * @throws BadResponseException for an unknown coding, corrupt data or past the limit
   */
  public byte[] decodedBody(long limit) throws IOException {
    try {
      return ContentCoding.of(head.headers()).decode(body, limit);
    } catch (HttpException e) {
      throw BadResponseException.of(e);
    }
  }

  /**
   * The body after content decoding as a stream, for parsers that stream; fails as {@link
   * #decodedBody} does, as it reads.
   *
   * @throws BadResponseException for an unknown coding (corrupt data and the limit: as it reads)
   */
  public InputStream decodedBodyStream(long limit) throws IOException {
    ContentCoding coding;
    try {
      coding = ContentCoding.of(head.headers());
    } catch (HttpException e) {
      throw BadResponseException.of(e);
    }
    return BadResponseException.converting(
        coding.decodingStream(new ByteArrayInputStream(body), limit));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HttpResponse r && r.head.equals(head) && Arrays.equals(r.body, body);
  }

  @Override
  public int hashCode() {
    return head.hashCode() * 31 + Arrays.hashCode(body);
  }

  @Override
  public String toString() {
    return "HttpResponse[" + head + ", body=" + body.length + " bytes]";
  }
}
