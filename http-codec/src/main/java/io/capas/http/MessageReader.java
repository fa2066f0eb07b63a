package io.capas.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
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

  MessageReader(InputStream in, HttpLimits limits, boolean request) {
    this.in = in;
    this.limits = limits;
    this.scanner = new HeadScanner(limits, request);
    this.maxBuffer = Math.max(limits.maxHeaderBlock(), Math.max(limits.maxRequestLine(), limits.maxHeaderLine())) + 64;
  }

  /** Reads until a whole head is buffered; returns it as {array, from, to} or empty at a clean end. */
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

  /** Compacts, grows if full, and reads once; false at end of stream. */
  private boolean fill() throws IOException {
    buffer.compact();
    if (!buffer.hasRemaining()) {
      if (buffer.capacity() >= maxBuffer) {
        buffer.flip();
        // The scanner enforces the head limits below this size; reaching it is a bug.
        throw new IllegalStateException("read buffer full at " + buffer.capacity() + " bytes");
      }
      ByteBuffer bigger = ByteBuffer.allocate(Math.min(maxBuffer, buffer.capacity() * 2));
      buffer.flip();
      bigger.put(buffer);
      buffer = bigger;
    }
    int n = in.read(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
    if (n > 0) {
      buffer.position(buffer.position() + n);
    }
    buffer.flip();
    return n >= 0;
  }
}
