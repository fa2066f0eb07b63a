package io.capas.http;

import java.nio.ByteBuffer;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Push decoder of a chunked body (RFC 9112 §7.1). It consumes whole size lines and trailer lines
 * only (a partial line stays in the caller's buffer) and never reads past the final CRLF.
 *
 * <pre>
 *   1a;ext=x CRLF   26 bytes of data CRLF   ...   0 CRLF   [trailer-field CRLF]*   CRLF
 * </pre>
 *
 * Chunk extensions are skipped, trailers are checked and dropped. Limits: a size line (extensions
 * included) or trailer line of at most {@link HttpLimits#maxHeaderLine()} bytes, a body of {@link
 * HttpLimits#maxBody()}, at most {@link HttpLimits#maxHeaderCount()} trailer fields in at most
 * {@link HttpLimits#maxHeaderBlock()} bytes. Not thread-safe.
 */
final class ChunkedBodyDecoder {
  private enum State {
    SIZE,
    DATA,
    DATA_END,
    TRAILER,
    DONE
  }

  /** What {@link #advance} achieved. */
  private enum Step {
    NEED_MORE,
    PROGRESS,
    DONE
  }

  private final HttpLimits limits;
  private @Nullable ByteSink body;
  private State state = State.SIZE;
  private long chunkLeft;
  private long total;
  private int trailers;
  private int trailerBytes;

  /** Bytes of the current line already scanned for its end, from the buffer's position. */
  private int lineScanned;

  private long bytesScanned;

  ChunkedBodyDecoder(HttpLimits limits) {
    this.limits = limits;
  }

  /** Gathers the whole body; returns it once the final CRLF is consumed. */
  Optional<byte[]> decode(ByteBuffer in) throws HttpException {
    if (body == null) {
      body = new ByteSink(limits.maxBody());
    }
    // Bounded: each pass consumes bytes or returns.
    while (true) {
      if (state == State.DATA) {
        int n = (int) Math.min(chunkLeft, in.remaining());
        if (n == 0) {
          return Optional.empty();
        }
        body.append(in, n);
        consumed(n);
        continue;
      }
      switch (advance(in)) {
        case NEED_MORE -> {
          return Optional.empty();
        }
        case DONE -> {
          return Optional.of(body.toArray());
        }
        case PROGRESS -> {}
      }
    }
  }

  /**
   * Copies up to {@code len} body bytes into {@code dst}: returns how many (at least 1), 0 if
   * {@code in} holds no more of the body yet, or -1 once the body has ended.
   */
  int read(ByteBuffer in, byte[] dst, int off, int len) throws HttpException {
    // Bounded: each pass consumes bytes or returns.
    while (true) {
      if (state == State.DATA) {
        int n = (int) Math.min(Math.min(chunkLeft, in.remaining()), len);
        if (n == 0) {
          return 0;
        }
        in.get(dst, off, n);
        consumed(n);
        return n;
      }
      switch (advance(in)) {
        case NEED_MORE -> {
          return 0;
        }
        case DONE -> {
          return -1;
        }
        case PROGRESS -> {}
      }
    }
  }

  /** Bytes examined while looking for line ends, for tests that check the work stays linear. */
  long bytesScanned() {
    return bytesScanned;
  }

  private void consumed(int n) {
    chunkLeft -= n;
    if (chunkLeft == 0) {
      state = State.DATA_END;
    }
  }

  /** One step through the framing around the data (size lines, CRLFs, trailers). */
  private Step advance(ByteBuffer in) throws HttpException {
    switch (state) {
      case SIZE -> {
        // Refused at its first byte, so a body sent without chunks is not waited on for a CRLF.
        if (in.hasRemaining() && Character.digit(in.get(in.position()), 16) < 0) {
          throw notHex();
        }
        int eol = lineEnd(in);
        if (eol < 0) {
          return Step.NEED_MORE;
        }
        chunkLeft = chunkSize(in, in.position(), eol);
        in.position(eol + 2);
        total += chunkLeft;
        if (total > limits.maxBody()) {
          throw new HttpException(
              HttpStatus.CONTENT_TOO_LARGE,
              "chunked body exceeds the limit of " + limits.maxBody() + " bytes",
              true);
        }
        state = chunkLeft == 0 ? State.TRAILER : State.DATA;
        return Step.PROGRESS;
      }
      case DATA_END -> {
        if (in.remaining() < 2) {
          return Step.NEED_MORE;
        }
        if (in.get(in.position()) != '\r' || in.get(in.position() + 1) != '\n') {
          throw HttpException.badRequest("chunk data not followed by CRLF");
        }
        in.position(in.position() + 2);
        state = State.SIZE;
        return Step.PROGRESS;
      }
      case TRAILER -> {
        int eol = lineEnd(in);
        if (eol < 0) {
          return Step.NEED_MORE;
        }
        boolean last = eol == in.position();
        trailerBytes += eol + 2 - in.position();
        if (trailerBytes > limits.maxHeaderBlock()) {
          throw new HttpException(
              HttpStatus.HEADER_FIELDS_TOO_LARGE,
              "trailer section exceeds " + limits.maxHeaderBlock() + " bytes",
              true);
        }
        if (!last) {
          checkTrailer(in, in.position(), eol);
        }
        in.position(eol + 2);
        if (last) {
          state = State.DONE;
          return Step.DONE;
        }
        return Step.PROGRESS;
      }
      case DONE -> {
        return Step.DONE;
      }
      case DATA -> throw new IllegalStateException("data is copied by the caller");
    }
    throw new AssertionError(state);
  }

  /**
   * The index of the CR ending the line at the position, or -1 if incomplete; enforces the line
   * limit. It resumes where the previous call stopped (the caller keeps the partial line), so a
   * line that trickles in byte by byte is scanned once, not once per byte.
   */
  private int lineEnd(ByteBuffer in) throws HttpException {
    int from = in.position();
    int max = Math.min(in.limit(), from + limits.maxHeaderLine() + 2);
    int start = from + lineScanned;
    for (int i = start; i < max; i++) {
      byte b = in.get(i);
      if (b == '\n') {
        throw HttpException.badRequest("bare LF in chunked body");
      }
      if (b == '\r') {
        bytesScanned += i + 1 - start;
        if (i + 1 >= in.limit()) {
          lineScanned = i - from; // look at the CR again once its LF may be there
          return -1;
        }
        if (in.get(i + 1) != '\n') {
          throw HttpException.badRequest("bare CR in chunked body");
        }
        lineScanned = 0;
        return i;
      }
    }
    bytesScanned += Math.max(0, max - start);
    lineScanned = max - from;
    if (max - from > limits.maxHeaderLine()) {
      throw HttpException.badRequest("chunk line exceeds " + limits.maxHeaderLine() + " bytes");
    }
    return -1;
  }

  /**
   * The chunk size in hex. Leading zeros do not count toward the 15 significant digits (2^60, far
   * above any body limit, and no overflow); the line limit bounds how many there may be.
   */
  private static long chunkSize(ByteBuffer in, int from, int eol) throws HttpException {
    long size = 0;
    int significant = 0;
    int i = from;
    for (; i < eol; i++) {
      int digit = Character.digit(in.get(i), 16);
      if (digit < 0) {
        break;
      }
      if (size != 0 || digit != 0) {
        if (++significant > 15) {
          throw new HttpException(HttpStatus.CONTENT_TOO_LARGE, "chunk size too large", true);
        }
      }
      size = size * 16 + digit;
    }
    if (i == from) {
      throw notHex();
    }
    // chunk-ext = *( BWS ";" BWS name [ BWS "=" BWS value ] ): skipped, but no control characters.
    int j = i;
    while (j < eol && (in.get(j) == ' ' || in.get(j) == '\t')) {
      j++;
    }
    if (j < eol && in.get(j) != ';') {
      throw HttpException.badRequest("invalid character after chunk size");
    }
    for (; j < eol; j++) {
      if (!Ascii.isFieldValueChar(in.get(j) & 0xff)) {
        throw HttpException.badRequest("invalid character in chunk extension");
      }
    }
    return size;
  }

  private static HttpException notHex() {
    return HttpException.badRequest("chunk size is not hexadecimal");
  }

  private void checkTrailer(ByteBuffer in, int from, int eol) throws HttpException {
    if (++trailers > limits.maxHeaderCount()) {
      throw new HttpException(
          HttpStatus.HEADER_FIELDS_TOO_LARGE,
          "more than " + limits.maxHeaderCount() + " trailer fields",
          true);
    }
    byte first = in.get(from);
    if (first == ' ' || first == '\t') {
      throw HttpException.badRequest("obsolete line folding in trailer");
    }
    int i = from;
    while (i < eol && Ascii.isTchar(in.get(i))) {
      i++;
    }
    if (i == from || i == eol || in.get(i) != ':') {
      throw HttpException.badRequest("malformed trailer field");
    }
    for (i++; i < eol; i++) {
      if (!Ascii.isFieldValueChar(in.get(i) & 0xff)) {
        throw HttpException.badRequest("invalid character in trailer field");
      }
    }
  }
}
