package io.capas.http;

import java.nio.ByteBuffer;

/**
 * Finds the end of a message head (the blank line) in a read buffer without consuming it, enforcing
 * the line, block and count limits as bytes arrive so that an endless head is refused early. It
 * resumes where the previous call stopped, so the caller must not consume bytes between calls
 * (compacting is fine). Up to {@value #MAX_LEADING_EMPTY_LINES} empty lines before the request line
 * are skipped (RFC 9112 §2.2). Not thread-safe.
 */
final class HeadScanner {
  static final int MAX_LEADING_EMPTY_LINES = 8;

  private final HttpLimits limits;
  private final boolean request;
  private int scanned;
  private int lineStart;
  private int lines;
  private int skip;
  private int lastSkip;
  private long bytesScanned;

  HeadScanner(HttpLimits limits, boolean request) {
    this.limits = limits;
    this.request = request;
  }

  /**
   * Returns the length of the head starting at {@code in.position()} (through its blank line), or
   * -1 if it is not complete yet. {@link #skipped()} then gives the leading empty-line bytes.
   */
  int scan(ByteBuffer in) throws HttpException {
    int base = in.position();
    int end = in.limit();
    bytesScanned += Math.max(0, end - (base + scanned));
    for (int i = base + scanned; i < end; i++) {
      if (in.get(i) != '\n') {
        continue;
      }
      int lineLength = i - (base + lineStart);
      if (lineLength > 0 && in.get(i - 1) == '\r') {
        lineLength--;
      }
      if (lineLength == 0) {
        if (lines > 0) {
          int length = i + 1 - base;
          checkBlock(length);
          reset();
          return length;
        }
        if (lineStart / 2 >= MAX_LEADING_EMPTY_LINES) {
          throw HttpException.badRequest("too many empty lines before the request line");
        }
        lineStart = i + 1 - base;
        skip = lineStart;
        continue;
      }
      checkLine(lineLength);
      lines++;
      if (lines - 1 > limits.maxHeaderCount()) {
        throw new HttpException(
            HttpStatus.HEADER_FIELDS_TOO_LARGE,
            "more than " + limits.maxHeaderCount() + " header fields",
            true);
      }
      lineStart = i + 1 - base;
    }
    scanned = end - base;
    // +1: a CR may end the partial line and is not part of it.
    if (scanned - lineStart > currentLineLimit() + 1) {
      checkLine(scanned - lineStart - 1);
    }
    checkBlock(scanned);
    return -1;
  }

  /**
   * Bytes examined, for tests that check the work stays linear (an upper bound on a head found).
   */
  long bytesScanned() {
    return bytesScanned;
  }

  /** Bytes of leading empty lines in the head last returned by {@link #scan}. */
  int skipped() {
    return lastSkip;
  }

  /** Whether {@code in} holds bytes of a head (empty lines before one do not count). */
  boolean inProgress(ByteBuffer in) {
    for (int i = in.position(); i < in.limit(); i++) {
      byte b = in.get(i);
      if (b != '\r' && b != '\n') {
        return true;
      }
    }
    return false;
  }

  private void reset() {
    lastSkip = skip;
    scanned = 0;
    lineStart = 0;
    lines = 0;
    skip = 0;
  }

  private int currentLineLimit() {
    return lines == 0 ? limits.maxRequestLine() : limits.maxHeaderLine();
  }

  private void checkLine(int length) throws HttpException {
    if (lines == 0 && length > limits.maxRequestLine()) {
      if (request) {
        throw new HttpException(
            HttpStatus.URI_TOO_LONG,
            "request line exceeds " + limits.maxRequestLine() + " bytes",
            true);
      }
      // Only a client reads status lines: the status is never sent, only limitExceeded() matters.
      throw new HttpException(
          HttpStatus.HEADER_FIELDS_TOO_LARGE,
          "status line exceeds the limit of " + limits.maxRequestLine() + " bytes",
          true);
    }
    if (lines > 0 && length > limits.maxHeaderLine()) {
      throw new HttpException(
          HttpStatus.HEADER_FIELDS_TOO_LARGE,
          "header line exceeds " + limits.maxHeaderLine() + " bytes",
          true);
    }
  }

  private void checkBlock(int length) throws HttpException {
    if (length - skip > limits.maxHeaderBlock()) {
      throw new HttpException(
          HttpStatus.HEADER_FIELDS_TOO_LARGE,
          "head exceeds " + limits.maxHeaderBlock() + " bytes",
          true);
    }
  }
}
