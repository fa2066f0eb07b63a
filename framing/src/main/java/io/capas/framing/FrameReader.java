package io.capas.framing;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Blocking reader of length-prefixed blocks (the course's {@code get_block}); the wire format is
 * in {@link FrameDecoder}. It loops over partial reads and never reads past the frame it returns.
 * The stream stays the caller's to close. Not thread-safe; one instance per connection.
 */
public final class FrameReader {
  private final InputStream in;
  private final int maxFrameSize;
  private final int chunkSize;
  private final String what;
  private final byte[] header = new byte[4];

  /**
   * @param maxFrameSize the largest payload accepted, in bytes
   */
  public FrameReader(InputStream in, int maxFrameSize) {
    this(in, maxFrameSize, 1, "a length-prefixed frame");
  }

  FrameReader(InputStream in, int maxFrameSize, int chunkSize, String what) {
    this.in = in;
    this.maxFrameSize = Limits.checkMax(maxFrameSize);
    this.chunkSize = Limits.checkChunkSize(chunkSize);
    this.what = what;
  }

  /**
   * Reads the next frame's payload; empty at a clean end of stream (before any header byte).
   *
   * @throws FrameTooLargeException if the declared length exceeds the maximum (nothing allocated)
   * @throws TruncatedFrameException if the stream ends inside the frame
   * @throws MalformedFrameException if padding bytes are not zero
   */
  public Optional<byte[]> read() throws IOException {
    int got = 0;
    while (got < 4) {
      int n = in.read(header, got, 4 - got);
      if (n < 0) {
        if (got == 0) {
          return Optional.empty();
        }
        throw new TruncatedFrameException("the header of " + what, 4 - got);
      }
      got += n;
    }
    long length = Integer.toUnsignedLong(
        (header[0] & 0xff) << 24 | (header[1] & 0xff) << 16 | (header[2] & 0xff) << 8 | header[3] & 0xff);
    if (length > maxFrameSize) {
      throw new FrameTooLargeException(length, maxFrameSize);
    }
    int padding = Limits.padding(length, chunkSize);
    ContentLengthDecoder body = ContentLengthDecoder.of(length, maxFrameSize);
    byte[] payload;
    try {
      // Bounded: each round reads at least one byte or throws at end of stream.
      Optional<byte[]> done;
      while ((done = body.readFrom(in)).isEmpty()) {}
      payload = done.get();
    } catch (TruncatedFrameException e) {
      throw new TruncatedFrameException(what, e.missing() + padding);
    }
    skipPadding(padding);
    return Optional.of(payload);
  }

  private void skipPadding(int padding) throws IOException {
    byte[] pad = new byte[Math.min(padding, 4096)];
    int left = padding;
    while (left > 0) {
      int n = in.read(pad, 0, Math.min(left, pad.length));
      if (n < 0) {
        throw new TruncatedFrameException(what, left);
      }
      for (int i = 0; i < n; i++) {
        if (pad[i] != 0) {
          throw new MalformedFrameException("non-zero padding byte after " + what);
        }
      }
      left -= n;
    }
  }
}
