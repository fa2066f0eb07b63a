package io.capas.framing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;

/**
 * Collects a body of exactly N bytes (an HTTP {@code Content-Length} body, a frame's payload) from
 * pushed buffers or from stream reads.
 *
 * <pre>
 *   | N bytes of body | next message ...
 * </pre>
 *
 * <p>The declared length is checked against the limit before anything is allocated, and the array
 * grows in steps as bytes arrive, so a peer that declares a large body and sends nothing costs
 * little memory. It never consumes bytes past the body, so pipelined data stays in the buffer. Not
 * thread-safe; one instance per body.
 */
public final class ContentLengthDecoder {
  private final int length;
  private byte[] body;
  private int filled;
  private boolean returned;

  private ContentLengthDecoder(int length, int initialCapacity) {
    this.length = length;
    this.body = new byte[initialCapacity];
  }

  /**
   * A decoder for a body of {@code length} bytes.
   *
   * @throws FrameTooLargeException if {@code length > limit}
   * @throws MalformedFrameException if {@code length} is negative
   * @throws IllegalArgumentException if {@code limit} is negative or above the largest array
   */
  public static ContentLengthDecoder of(long length, long limit)
      throws FrameTooLargeException, MalformedFrameException {
    Limits.checkMax(limit);
    if (length < 0) {
      throw new MalformedFrameException("negative body length: " + length);
    }
    if (length > limit) {
      throw new FrameTooLargeException(length, limit);
    }
    return new ContentLengthDecoder(
        (int) length, (int) Math.min(length, Limits.INITIAL_ALLOCATION));
  }

  /**
   * Like {@link #of} but sizes the first allocation for {@code available} bytes already buffered.
   */
  static ContentLengthDecoder sized(int length, int available) {
    int initial = (int) Math.min(length, Math.max(Limits.INITIAL_ALLOCATION, (long) available));
    return new ContentLengthDecoder(length, initial);
  }

  /**
   * Takes up to {@link #missing()} bytes from {@code in} and returns the body once complete.
   *
   * @throws IllegalStateException if the body was already returned
   */
  public Optional<byte[]> decode(ByteBuffer in) {
    checkNotReturned();
    int n = (int) Math.min(in.remaining(), (long) length - filled);
    if (n > 0) {
      ensureCapacity(filled + n);
      in.get(body, filled, n);
      filled += n;
    }
    return completed();
  }

  /**
   * Does one {@code read} from {@code in} of at most {@link #missing()} bytes and returns the body
   * once complete. Call it in a loop; it never reads past the body.
   *
   * @throws TruncatedFrameException if the stream ends before the body is complete
   */
  public Optional<byte[]> readFrom(InputStream in) throws IOException {
    checkNotReturned();
    if (filled < length) {
      int want = Math.min(length - filled, Limits.INITIAL_ALLOCATION);
      ensureCapacity(filled + want);
      int n = in.read(body, filled, want);
      if (n < 0) {
        throw new TruncatedFrameException("a body of " + length + " bytes", missing());
      }
      filled += n;
    }
    return completed();
  }

  /** Bytes still expected. */
  public long missing() {
    return (long) length - filled;
  }

  /** Whether all bytes arrived. */
  public boolean isComplete() {
    return filled == length;
  }

  /**
   * Reports the end of input.
   *
   * @throws TruncatedFrameException if bytes are still missing
   */
  public void endOfInput() throws TruncatedFrameException {
    if (filled < length) {
      throw new TruncatedFrameException("a body of " + length + " bytes", missing());
    }
  }

  private Optional<byte[]> completed() {
    if (filled < length) {
      return Optional.empty();
    }
    returned = true;
    byte[] result = body.length == length ? body : Arrays.copyOf(body, length);
    body = new byte[0];
    return Optional.of(result);
  }

  private void checkNotReturned() {
    if (returned) {
      throw new IllegalStateException("body of " + length + " bytes already returned");
    }
  }

  private void ensureCapacity(int needed) {
    if (needed > body.length) {
      long grown = Math.max(needed, (long) body.length * 2);
      body = Arrays.copyOf(body, (int) Math.min(length, grown));
    }
  }
}
