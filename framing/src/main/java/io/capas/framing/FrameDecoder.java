package io.capas.framing;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Push decoder of length-prefixed blocks.
 *
 * <pre>
 *   0       4                        4+N
 *   +-------+------------------------+
 *   | N     | N bytes of payload     |   N: unsigned 32-bit big-endian
 *   +-------+------------------------+
 * </pre>
 *
 * <p>Give it the read buffer (in read mode) after each read; it returns the next whole frame or
 * empty when more bytes are needed, consuming the bytes it has used. It peeks at the 4-byte header
 * and consumes it only once it is all there (so the caller keeps a partial header by compacting its
 * buffer), checks the declared length against the maximum before allocating, then gathers the
 * payload from as many buffers as it takes. Call it again until it returns empty: one buffer may
 * hold several frames. After an exception the decoder is failed and must be discarded, like the
 * connection. Not thread-safe; one instance per connection.
 */
public final class FrameDecoder {
  private enum State {
    HEADER,
    BODY,
    PADDING,
    FAILED
  }

  private final int maxFrameSize;
  private final int chunkSize;
  private final String what;
  private State state = State.HEADER;
  private long declared;
  private ContentLengthDecoder body = ContentLengthDecoder.sized(0, 0);
  private byte[] payload = new byte[0];
  private int paddingLeft;

  /**
   * @param maxFrameSize the largest payload accepted, in bytes
   * @throws IllegalArgumentException if negative or above the largest array
   */
  public FrameDecoder(int maxFrameSize) {
    this(maxFrameSize, 1, "a length-prefixed frame");
  }

  FrameDecoder(int maxFrameSize, int chunkSize, String what) {
    this.maxFrameSize = Limits.checkMax(maxFrameSize);
    this.chunkSize = Limits.checkChunkSize(chunkSize);
    this.what = what;
  }

  /**
   * Returns the next whole frame's payload, or empty if {@code in} does not complete one yet.
   *
   * @throws FrameTooLargeException if the declared length exceeds the maximum
   * @throws MalformedFrameException if padding bytes are not zero
   * @throws IllegalStateException if the decoder failed earlier
   */
  public Optional<byte[]> decode(ByteBuffer in)
      throws FrameTooLargeException, MalformedFrameException {
    // Bounded: each pass moves to a later state or returns.
    while (true) {
      switch (state) {
        case HEADER -> {
          if (in.remaining() < 4) {
            return Optional.empty();
          }
          declared = Integer.toUnsignedLong(in.getInt(in.position()));
          if (declared > maxFrameSize) {
            state = State.FAILED;
            throw new FrameTooLargeException(declared, maxFrameSize);
          }
          in.position(in.position() + 4);
          body = ContentLengthDecoder.sized((int) declared, in.remaining());
          paddingLeft = Limits.padding(declared, chunkSize);
          state = State.BODY;
        }
        case BODY -> {
          Optional<byte[]> done = body.decode(in);
          if (done.isEmpty()) {
            return Optional.empty();
          }
          payload = done.get();
          state = State.PADDING;
        }
        case PADDING -> {
          int n = Math.min(paddingLeft, in.remaining());
          for (int i = 0; i < n; i++) {
            if (in.get() != 0) {
              state = State.FAILED;
              throw new MalformedFrameException("non-zero padding byte after " + what);
            }
          }
          paddingLeft -= n;
          if (paddingLeft > 0) {
            return Optional.empty();
          }
          byte[] result = payload;
          payload = new byte[0];
          state = State.HEADER;
          return Optional.of(result);
        }
        case FAILED -> throw new IllegalStateException("decoder failed earlier; discard it");
      }
    }
  }

  /**
   * Whether no frame is in progress (bytes of a partial header may still sit in the caller's
   * buffer).
   */
  public boolean isIdle() {
    return state == State.HEADER;
  }

  /**
   * Reports the end of the stream; {@code rest} is what is left in the read buffer.
   *
   * @throws TruncatedFrameException if a frame was begun (a partial header counts), with the number
   *     of bytes missing
   */
  public void endOfInput(ByteBuffer rest) throws TruncatedFrameException {
    switch (state) {
      case HEADER -> {
        if (rest.hasRemaining()) {
          throw new TruncatedFrameException("the header of " + what, 4 - rest.remaining());
        }
      }
      case BODY -> throw new TruncatedFrameException(what, body.missing() + paddingLeft);
      case PADDING -> throw new TruncatedFrameException(what, paddingLeft);
      case FAILED -> {}
    }
  }
}
