package io.capas.http;

import io.capas.framing.TruncatedFrameException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;

/**
 * The blocking side shared by {@link HttpRequestReader} and {@link HttpResponseReader}: a read
 * buffer over the stream, filled as the head scanner and body decoders ask, which keeps any bytes
 * of the next (pipelined) message. Never assumes one read returns everything. Not thread-safe.
 */
final class MessageReader {
  private static final int INITIAL_BUFFER = 8 * 1024;

  private final InputStream in;
  private final HttpLimits limits;
  private final HeadScanner scanner;
  private final int maxBuffer;
  private ByteBuffer buffer = ByteBuffer.allocate(INITIAL_BUFFER).flip();
  private long bytesMoved;

  MessageReader(InputStream in, HttpLimits limits, boolean request) {
    this.in = in;
    this.limits = limits;
    this.scanner = new HeadScanner(limits, request);
    this.maxBuffer =
        Math.max(
            INITIAL_BUFFER,
            Math.max(
                    limits.maxHeaderBlock(),
                    Math.max(limits.maxRequestLine(), limits.maxHeaderLine()))
                + 64);
  }

  /**
   * Reads until a whole head is buffered; returns it as {array, from, to} or empty at a clean end.
   */
  Optional<int[]> readHead() throws IOException {
    // Bounded: each round reads at least one byte, and the scanner fails past the head limits.
    while (true) {
      int length = scanner.scan(buffer);
      if (length >= 0) {
        int start = buffer.position();
        buffer.position(start + length);
        return Optional.of(new int[] {start + scanner.skipped(), start + length});
      }
      if (!fill()) {
        if (scanner.inProgress(buffer)) {
          throw new EOFException("end of stream inside a message head");
        }
        return Optional.empty();
      }
    }
  }

  /** The array that {@link #readHead()}'s offsets index. */
  byte[] array() {
    return buffer.array();
  }

  byte[] readBody(BodyFraming framing) throws IOException {
    BodyDecoder body = BodyDecoder.of(framing, limits);
    // Bounded: each round consumes buffered bytes or reads at least one more, or ends.
    while (true) {
      Optional<byte[]> done = body.decode(buffer);
      if (done.isPresent()) {
        return done.get();
      }
      if (body.isFixed() && !buffer.hasRemaining()) {
        // Large bodies go straight from the stream into the body array.
        done = body.readFixedFrom(in);
        if (done.isPresent()) {
          return done.get();
        }
        continue;
      }
      if (!fill()) {
        return body.endOfInput();
      }
    }
  }

  /**
   * The body as a stream of its transfer-decoded bytes, read as the caller reads. Closing it skips
   * what is left of the body (bounded by the body limit) so that the next message can be read; it
   * does not close the connection.
   */
  InputStream bodyStream(BodyFraming framing) throws HttpException {
    return new BodyStream(framing);
  }

  private final class BodyStream extends InputStream {
    private final BodyFraming.Kind kind;
    private final ChunkedBodyDecoder chunked;
    private long left;
    private long seen;
    private boolean ended;
    private boolean failed;
    private boolean closed;

    BodyStream(BodyFraming framing) {
      this.kind = framing.kind();
      this.chunked = kind == BodyFraming.Kind.CHUNKED ? new ChunkedBodyDecoder(limits) : null;
      this.left = framing.length();
      this.ended = kind == BodyFraming.Kind.NONE;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      if (closed) {
        throw new IOException("body stream closed");
      }
      if (len == 0) {
        return 0;
      }
      if (ended) {
        return -1;
      }
      if (failed) {
        throw new IOException("body stream failed earlier");
      }
      int n;
      try {
        n =
            switch (kind) {
              case NONE -> -1;
              case FIXED -> readFixed(b, off, len);
              case CHUNKED -> readChunked(b, off, len);
              case UNTIL_CLOSE -> readUntilClose(b, off, len);
            };
      } catch (IOException | RuntimeException e) {
        failed = true;
        throw e;
      }
      if (n < 0) {
        ended = true;
      }
      return n;
    }

    private int readFixed(byte[] b, int off, int len) throws IOException {
      if (left == 0) {
        return -1;
      }
      int want = (int) Math.min(len, left);
      int n;
      if (buffer.hasRemaining()) {
        n = Math.min(want, buffer.remaining());
        buffer.get(b, off, n);
      } else {
        n = in.read(b, off, want);
        if (n < 0) {
          throw new TruncatedFrameException("a message body", left);
        }
      }
      left -= n;
      return n;
    }

    private int readChunked(byte[] b, int off, int len) throws IOException {
      // Bounded: each round reads at least one byte from the stream or returns.
      while (true) {
        int n = chunked.read(buffer, b, off, len);
        if (n != 0) {
          return n;
        }
        if (!fill()) {
          throw new EOFException("end of stream inside a chunked body");
        }
      }
    }

    private int readUntilClose(byte[] b, int off, int len) throws IOException {
      int n;
      if (buffer.hasRemaining()) {
        n = Math.min(len, buffer.remaining());
        buffer.get(b, off, n);
      } else {
        n = in.read(b, off, len);
        if (n < 0) {
          return -1;
        }
      }
      seen += n;
      if (seen > limits.maxBody()) {
        throw new HttpException(
            HttpStatus.CONTENT_TOO_LARGE,
            "body exceeds the limit of " + limits.maxBody() + " bytes",
            true);
      }
      return n;
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      try {
        // After a failure the stream's place is lost: nothing to skip, the connection must close.
        if (!failed) {
          byte[] skip = new byte[4096];
          // Bounded by the body limit, which every framing enforces.
          while (!ended && read(skip, 0, skip.length) >= 0) {}
        }
      } finally {
        closed = true;
      }
    }
  }

  /** Bytes copied inside the buffer (compaction, growth), for tests that check it stays linear. */
  long bytesMoved() {
    return bytesMoved;
  }

  /**
   * Reads once into the room after the buffered bytes; false at end of stream. Only a buffer with
   * no room left is compacted (when that frees at least half of it) or grown, so a head that
   * trickles in byte by byte is not copied to the buffer's start once per byte.
   */
  private boolean fill() throws IOException {
    if (!buffer.hasRemaining()) {
      buffer.limit(0); // all consumed: read from the start again, moving nothing
    }
    if (buffer.limit() == buffer.capacity()) {
      boolean full = buffer.capacity() >= maxBuffer;
      if (buffer.position() > 0 && (full || buffer.remaining() <= buffer.capacity() / 2)) {
        bytesMoved += buffer.remaining();
        buffer.compact().flip();
      } else if (!full) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.min(maxBuffer, buffer.capacity() * 2));
        bytesMoved += buffer.remaining();
        bigger.put(buffer).flip();
        buffer = bigger;
      } else {
        // The scanner enforces the head limits below this size; reaching it is a bug.
        throw new IllegalStateException("read buffer full at " + buffer.capacity() + " bytes");
      }
    }
    int end = buffer.limit();
    int n = in.read(buffer.array(), buffer.arrayOffset() + end, buffer.capacity() - end);
    if (n > 0) {
      buffer.limit(end + n);
    }
    return n >= 0;
  }
}
