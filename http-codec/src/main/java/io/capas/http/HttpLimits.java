package io.capas.http;

/**
 * Limits the parsers enforce; each breach is an {@link HttpException} with its status (414 for the
 * request line, 431 for header lines, block and count, 413 for bodies and gzip members), or on the
 * client side a {@link BadResponseException} whose {@code limitExceeded()} is true. Immutable and
 * thread-safe.
 *
 * @param maxRequestLine bytes of the request line or status line, CRLF excluded
 * @param maxHeaderLine bytes of one header line (also one chunk-size line), CRLF excluded
 * @param maxHeaderBlock bytes of the whole head, from the first byte to the blank line included
 *     (also of a chunked body's trailer section)
 * @param maxHeaderCount header fields in one head (and trailer fields in one chunked body)
 * @param maxBody bytes of a body after transfer decoding (Content-Length or chunked)
 * @param maxDecompressedBody bytes of a body after gzip or deflate content decoding
 * @param maxGzipMembers gzip members in one body (RFC 1952 §2.2 lets a body concatenate them; each
 *     costs a header and a trailer but may inflate to nothing, so their number is capped on its
 *     own)
 */
public record HttpLimits(
    int maxRequestLine,
    int maxHeaderLine,
    int maxHeaderBlock,
    int maxHeaderCount,
    long maxBody,
    long maxDecompressedBody,
    int maxGzipMembers) {

  private static final HttpLimits DEFAULTS =
      new HttpLimits(8 * 1024, 8 * 1024, 64 * 1024, 100, 16L << 20, 16L << 20, 64);

  public HttpLimits {
    check("maxRequestLine", maxRequestLine, 16, 1 << 20);
    check("maxHeaderLine", maxHeaderLine, 16, 1 << 20);
    check("maxHeaderBlock", maxHeaderBlock, 32, 16 << 20);
    check("maxHeaderCount", maxHeaderCount, 1, 100_000);
    check("maxBody", maxBody, 0, Integer.MAX_VALUE - 8);
    check("maxDecompressedBody", maxDecompressedBody, 0, Integer.MAX_VALUE - 8);
    check("maxGzipMembers", maxGzipMembers, 1, 1 << 20);
  }

  /**
   * Request line 8 KiB, header line 8 KiB, head 64 KiB, 100 headers, body 16 MiB, decompressed 16
   * MiB, 64 gzip members.
   */
  public static HttpLimits defaults() {
    return DEFAULTS;
  }

  /** A copy with another body limit. */
  public HttpLimits withMaxBody(long bytes) {
    return new HttpLimits(
        maxRequestLine,
        maxHeaderLine,
        maxHeaderBlock,
        maxHeaderCount,
        bytes,
        maxDecompressedBody,
        maxGzipMembers);
  }

  /** A copy with another decompressed-body limit. */
  public HttpLimits withMaxDecompressedBody(long bytes) {
    return new HttpLimits(
        maxRequestLine,
        maxHeaderLine,
        maxHeaderBlock,
        maxHeaderCount,
        maxBody,
        bytes,
        maxGzipMembers);
  }

  /** A copy with another gzip member limit. */
  public HttpLimits withMaxGzipMembers(int members) {
    return new HttpLimits(
        maxRequestLine,
        maxHeaderLine,
        maxHeaderBlock,
        maxHeaderCount,
        maxBody,
        maxDecompressedBody,
        members);
  }

  /** A copy with other head limits. */
  public HttpLimits withHeadLimits(
      int requestLine, int headerLine, int headerBlock, int headerCount) {
    return new HttpLimits(
        requestLine,
        headerLine,
        headerBlock,
        headerCount,
        maxBody,
        maxDecompressedBody,
        maxGzipMembers);
  }

  private static void check(String name, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "]: " + value);
    }
  }
}
