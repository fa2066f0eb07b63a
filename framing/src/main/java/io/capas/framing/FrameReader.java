package io.capas.framing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Blocking reader of length-prefixed blocks; the wire format is in {@link FrameDecoder}. It loops
 * over partial reads, so it never assumes one read returns a whole frame.
 *
 * <p>By default it reads ahead into an 8 KiB buffer, so a small frame costs one read call instead
 * of two; the bytes read ahead belong to the next frames, so use one reader for the stream's whole
 * life. {@link #exact} makes a reader that never reads past the frame it returns, for streams that
 * other readers share. The stream stays the caller's to close. Not thread-safe; one instance per
 * connection.
 */
public final class FrameReader {
  private static final int READ_AHEAD = 8 * 1024;

  private final InputStream in;
  private final int maxFrameSize;
  private final int chunkSize;
  private final String what;

  /** Read-ahead bytes in read mode, or null for an exact reader. */
  private final ByteBuffer buffer;

  /**
   * A reader that reads ahead.
   *
   * @param maxFrameSize the largest payload accepted, in bytes
   */
  public FrameReader(InputStream in, int maxFrameSize) {
    this(in, maxFrameSize, 1, "a length-prefixed frame", true);
  }

  /** A reader that never reads a byte past the frame it returns. */
  public static FrameReader exact(InputStream in, int maxFrameSize) {
    return new FrameReader(in, maxFrameSize, 1, "a length-prefixed frame", false);
  }

  FrameReader(InputStream in, int maxFrameSize, int chunkSize, String what, boolean readAhead) {
    this.in = in;
    this.maxFrameSize = Limits.checkMax(maxFrameSize);
    this.chunkSize = Limits.checkChunkSize(chunkSize);
    this.what = what;
    this.buffer = readAhead ? ByteBuffer.allocate(READ_AHEAD).flip() : null;
  }

  /**
   * Reads the next frame's payload; empty at a clean end of stream (before any header byte).
   *
   * @throws FrameTooLargeException if the declared length exceeds the maximum (nothing allocated)
   * @throws TruncatedFrameException if the stream ends inside the frame
   * @throws MalformedFrameException if padding bytes are not zero
   */
  public Optional<byte[]> read() throws IOException {
    ByteBuffer header = buffer != null ? buffer : ByteBuffer.allocate(4).flip();
    // Bounded: each round reads at least one byte or ends.
    while (header.remaining() < 4) {
      int before = header.remaining();
      if (!fill(header, 4 - before)) {
        if (before == 0) {
          return Optional.empty();
        }
        throw new TruncatedFrameException("the header of " + what, 4 - before);
      }
    }
    long length = Integer.toUnsignedLong(header.getInt());
    if (length > maxFrameSize) {
      throw new FrameTooLargeException(length, maxFrameSize);
    }
    int padding = Limits.padding(length, chunkSize);
    ContentLengthDecoder body = ContentLengthDecoder.of(length, maxFrameSize);
    byte[] payload;
    try {
      payload = readPayload(body);
    } catch (TruncatedFrameException e) {
      throw new TruncatedFrameException(what, e.missing() + padding);
    }
    skipPadding(padding);
    return Optional.of(payload);
  }

  private byte[] readPayload(ContentLengthDecoder body) throws IOException {
    // Bounded: each round consumes buffered bytes or reads at least one, or throws at the end.
    while (true) {
      Optional<byte[]> done = buffer != null ? body.decode(buffer) : Optional.empty();
      if (done.isPresent()) {
        return done.get();
      }
      if (buffer == null || body.missing() >= READ_AHEAD) {
        // Large remainders go straight into the payload array.
        done = body.readFrom(in);
        if (done.isPresent()) {
          return done.get();
        }
      } else if (!fill(buffer, 1)) {
        body.endOfInput();
      }
    }
  }

  private void skipPadding(int padding) throws IOException {
    ByteBuffer pad = buffer != null ? buffer : ByteBuffer.allocate(Math.min(padding, 4096)).flip();
    int left = padding;
    while (left > 0) {
      if (!pad.hasRemaining() && !fill(pad, Math.min(left, pad.capacity()))) {
        throw new TruncatedFrameException(what, left);
      }
      int n = Math.min(left, pad.remaining());
      for (int i = 0; i < n; i++) {
        if (pad.get() != 0) {
          throw new MalformedFrameException("non-zero padding byte after " + what);
        }
      }
      left -= n;
    }
  }

  /**
   * One read into {@code b} (read mode), asking for at most {@code want} bytes when exact; false at
   * end of stream.
   */
  private boolean fill(ByteBuffer b, int want) throws IOException {
    b.compact();
    int ask = buffer != null ? b.remaining() : Math.min(want, b.remaining());
    int n = in.read(b.array(), b.arrayOffset() + b.position(), ask);
    if (n > 0) {
      b.position(b.position() + n);
    }
    b.flip();
    return n >= 0;
  }
}
