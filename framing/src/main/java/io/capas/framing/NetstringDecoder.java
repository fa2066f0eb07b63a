package io.capas.framing;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Push decoder of netstrings (D. J. Bernstein's format, the framing of an SCGI request head).
 *
 * <pre>
 *   +-------------------+-----+---------------------+-----+
 *   | N in ASCII digits | ':' | N bytes of payload  | ',' |    "12:hello world!,"
 *   +-------------------+-----+---------------------+-----+
 * </pre>
 *
 * <p>Give it the read buffer (in read mode) after each read; it returns the next whole payload or
 * empty when more bytes are needed. The length is peeked at with absolute reads and consumed only
 * once its {@code ':'} is there; it is checked against the maximum before anything is allocated.
 * Exact in what it accepts: at most {@value #MAX_DIGITS} digits, no leading zero (but {@code "0"}),
 * no sign or space, and the closing comma is required. After an exception the decoder is failed and
 * must be discarded, like the connection. Not thread-safe; one instance per connection.
 */
public final class NetstringDecoder {
  /** The most digits of a length: enough for any array length. */
  public static final int MAX_DIGITS = 10;

  private enum State {
    LENGTH,
    BODY,
    COMMA,
    FAILED
  }

  private final int maxLength;
  private State state = State.LENGTH;
  private ContentLengthDecoder body = ContentLengthDecoder.sized(0, 0);
  private byte[] payload = new byte[0];

  /**
   * @param maxLength the largest payload accepted, in bytes
   * @throws IllegalArgumentException if negative or above the largest array
   */
  public NetstringDecoder(int maxLength) {
    this.maxLength = Limits.checkMax(maxLength);
  }

  /**
   * Returns the next whole payload, or empty if {@code in} does not complete one yet.
   *
   * @throws FrameTooLargeException if the declared length exceeds the maximum
   * @throws MalformedFrameException if the length is not decimal digits ended by {@code ':'}, or
   *     the payload is not followed by {@code ','}
   * @throws IllegalStateException if the decoder failed earlier
   */
  public Optional<byte[]> decode(ByteBuffer in)
      throws FrameTooLargeException, MalformedFrameException {
    // Bounded: each pass moves to a later state or returns.
    while (true) {
      switch (state) {
        case LENGTH -> {
          int digits = digits(in);
          if (digits < 0) {
            return Optional.empty();
          }
          long declared = 0;
          for (int i = 0; i < digits; i++) {
            declared = declared * 10 + (in.get(in.position() + i) - '0');
          }
          if (declared > maxLength) {
            state = State.FAILED;
            throw new FrameTooLargeException(declared, maxLength);
          }
          in.position(in.position() + digits + 1);
          body = ContentLengthDecoder.sized((int) declared, in.remaining());
          state = State.BODY;
        }
        case BODY -> {
          Optional<byte[]> done = body.decode(in);
          if (done.isEmpty()) {
            return Optional.empty();
          }
          payload = done.get();
          state = State.COMMA;
        }
        case COMMA -> {
          if (!in.hasRemaining()) {
            return Optional.empty();
          }
          if (in.get() != ',') {
            state = State.FAILED;
            throw new MalformedFrameException("a netstring does not end with ','");
          }
          byte[] result = payload;
          payload = new byte[0];
          state = State.LENGTH;
          return Optional.of(result);
        }
        case FAILED -> throw new IllegalStateException("decoder failed earlier; discard it");
      }
    }
  }

  /**
   * The number of digits before a {@code ':'} at {@code in}'s position, or -1 when the colon has
   * not arrived yet.
   */
  private int digits(ByteBuffer in) throws MalformedFrameException {
    int start = in.position();
    int available = Math.min(in.remaining(), MAX_DIGITS + 1);
    for (int i = 0; i < available; i++) {
      byte b = in.get(start + i);
      if (b == ':') {
        if (i == 0) {
          state = State.FAILED;
          throw new MalformedFrameException("a netstring without a length before ':'");
        }
        return i;
      }
      if (b < '0' || b > '9') {
        state = State.FAILED;
        throw new MalformedFrameException(
            "a netstring length has a byte that is not a digit: 0x"
                + Integer.toHexString(b & 0xff));
      }
      if (i == 1 && in.get(start) == '0') {
        state = State.FAILED;
        throw new MalformedFrameException("a netstring length with a leading zero");
      }
      if (i == MAX_DIGITS) {
        state = State.FAILED;
        throw new MalformedFrameException(
            "a netstring length of more than " + MAX_DIGITS + " digits");
      }
    }
    return -1;
  }

  /** Whether no netstring is in progress (digits of a length may sit in the caller's buffer). */
  public boolean isIdle() {
    return state == State.LENGTH;
  }

  /**
   * Reports the end of the stream; {@code rest} is what is left in the read buffer.
   *
   * @throws TruncatedFrameException if a netstring was begun (digits of its length count)
   */
  public void endOfInput(ByteBuffer rest) throws TruncatedFrameException {
    switch (state) {
      case LENGTH -> {
        if (rest.hasRemaining()) {
          throw new TruncatedFrameException("the length of a netstring", 1);
        }
      }
      case BODY -> throw new TruncatedFrameException("a netstring", body.missing() + 1);
      case COMMA -> throw new TruncatedFrameException("a netstring", 1);
      case FAILED -> {}
    }
  }
}
