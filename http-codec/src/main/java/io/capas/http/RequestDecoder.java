package io.capas.http;

import java.io.EOFException;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Push decoder of requests for a multiplexing server: give it the connection's read buffer (in read
 * mode) after each read and call {@link #decode} until it returns empty, then compact the buffer.
 * Pipelined requests come out one per call, in order; bytes of the next request stay in the buffer.
 *
 * <pre>{@code
 * buffer.flip();
 * for (Optional<HttpRequest> r; (r = decoder.decode(buffer)).isPresent(); ) respond(r.get());
 * if (decoder.takeContinue()) write(HttpWriter.continueResponse());
 * buffer.compact();
 * }</pre>
 *
 * <p>The head must fit in the buffer: give it at least {@link HttpLimits#maxHeaderBlock()} bytes of
 * capacity. Bodies are gathered inside the decoder, so the buffer may be small for them. After an
 * {@link HttpException} the decoder is failed: answer with {@link HttpException#toResponse()} and
 * close if {@link HttpException#closeConnection()} says so. Not thread-safe; one per connection.
 */
public final class RequestDecoder {
  private static final byte[] NO_BODY = {};

  private enum State {
    HEAD,
    BODY,
    FAILED
  }

  private final HttpLimits limits;
  private final HeadScanner scanner;
  private final boolean growingBuffer;
  private State state = State.HEAD;
  private RequestHead head;
  private BodyDecoder body;
  private boolean continuePending;
  private byte[] bodyArray = NO_BODY;
  private int bodyOffset;
  private int bodyLength;

  public RequestDecoder(HttpLimits limits) {
    this(limits, false);
  }

  private RequestDecoder(HttpLimits limits, boolean growingBuffer) {
    this.limits = limits;
    this.scanner = new HeadScanner(limits, true);
    this.growingBuffer = growingBuffer;
  }

  /**
   * A decoder for a caller that grows its buffer when a read fills it and offers the unconsumed
   * bytes again (as the transports' session runners do): a full buffer is then no error, and the
   * head limits of {@code limits} alone bound how much a head may hold.
   */
  public static RequestDecoder forGrowingBuffer(HttpLimits limits) {
    return new RequestDecoder(limits, true);
  }

  /**
   * Returns the next complete request, or empty if more bytes are needed.
   *
   * @throws HttpException if the request is malformed or over a limit (the decoder is then failed)
   * @throws IllegalStateException if the decoder failed earlier
   */
  public Optional<HttpRequest> decode(ByteBuffer in) throws HttpException {
    RequestHead h = next(in, false);
    return h == null ? Optional.empty() : Optional.of(new HttpRequest(h, bodyArray));
  }

  /**
   * The allocation-light form of {@link #decode} for a server that handles each request before it
   * decodes the next: returns the head of the next complete request, or empty if more bytes are
   * needed, and leaves its body in {@link #body()}. A Content-Length body that is wholly in {@code
   * in} (a heap buffer) is not copied: {@link #body()} then views {@code in}'s array, so the caller
   * must use it before it changes {@code in} (compacts, refills). Framing, limits and failures are
   * exactly those of {@link #decode}.
   *
   * @throws HttpException if the request is malformed or over a limit (the decoder is then failed)
   * @throws IllegalStateException if the decoder failed earlier
   */
  public Optional<RequestHead> decodeInPlace(ByteBuffer in) throws HttpException {
    return Optional.ofNullable(next(in, true));
  }

  /**
   * The transfer-decoded body of the request last returned by {@link #decodeInPlace} or {@link
   * #decode}, from position to limit (still content-encoded if its head says {@code
   * Content-Encoding}); empty before the first. Do not modify it; valid until the next decode call,
   * and for {@link #decodeInPlace} only while the caller's buffer is unchanged.
   */
  public ByteBuffer body() {
    return ByteBuffer.wrap(bodyArray, bodyOffset, bodyLength);
  }

  /**
   * The head of the next complete request with its body in the body fields, or null for more bytes.
   */
  private @Nullable RequestHead next(ByteBuffer in, boolean inPlace) throws HttpException {
    try {
      // Bounded: HEAD either returns or moves to BODY; BODY returns.
      while (true) {
        switch (state) {
          case HEAD -> {
            int length = scanner.scan(in);
            if (length < 0) {
              checkRoom(in);
              return null;
            }
            head = parseHead(in, length);
            BodyFraming framing = BodyFraming.forRequest(head, limits);
            if (inPlace && framing.kind() == BodyFraming.Kind.NONE) {
              setBody(NO_BODY, 0, 0);
              return finish();
            }
            if (inPlace
                && framing.kind() == BodyFraming.Kind.FIXED
                && in.hasArray()
                && in.remaining() >= framing.length()) {
              // framing.length() is within limits.maxBody(), so it fits an int.
              int n = (int) framing.length();
              setBody(in.array(), in.arrayOffset() + in.position(), n);
              in.position(in.position() + n);
              return finish();
            }
            body = BodyDecoder.of(framing, limits);
            continuePending = head.expectsContinue() && framing.kind() != BodyFraming.Kind.NONE;
            state = State.BODY;
          }
          case BODY -> {
            Optional<byte[]> done = body.decode(in);
            if (done.isEmpty()) {
              checkRoom(in);
              return null;
            }
            setBody(done.get(), 0, done.get().length);
            return finish();
          }
          case FAILED ->
              throw new IllegalStateException("decoder failed earlier; close the connection");
        }
      }
    } catch (HttpException e) {
      state = State.FAILED;
      setBody(NO_BODY, 0, 0);
      throw e;
    }
  }

  private void setBody(byte[] array, int offset, int length) {
    bodyArray = array;
    bodyOffset = offset;
    bodyLength = length;
  }

  private RequestHead finish() {
    RequestHead done = head;
    head = null;
    body = null;
    continuePending = false;
    state = State.HEAD;
    return done;
  }

  /**
   * Nothing, unless the buffer is full: then no read can ever complete the unit, so fail, never
   * hang.
   */
  private void checkRoom(ByteBuffer in) throws HttpException {
    if (!growingBuffer && in.capacity() > 0 && in.remaining() == in.capacity()) {
      throw new HttpException(
          HttpStatus.HEADER_FIELDS_TOO_LARGE,
          "head does not fit in the read buffer of " + in.capacity() + " bytes",
          true);
    }
  }

  private RequestHead parseHead(ByteBuffer in, int length) throws HttpException {
    int skip = scanner.skipped();
    int start = in.position();
    RequestHead parsed;
    if (in.hasArray()) {
      int base = in.arrayOffset() + start;
      parsed = HeadParser.parseRequest(in.array(), base + skip, base + length);
    } else {
      byte[] copy = new byte[length];
      in.get(start, copy);
      parsed = HeadParser.parseRequest(copy, skip, length);
    }
    in.position(start + length);
    return parsed;
  }

  /**
   * Whether the request being read asked for {@code 100 Continue} and it has not been reported yet;
   * returns true once per such request, so the server writes {@link HttpWriter#continueResponse()}
   * exactly once.
   */
  public boolean takeContinue() {
    boolean take = continuePending && state == State.BODY;
    continuePending = false;
    return take;
  }

  /** The head of the request whose body is being read, if any. */
  public Optional<RequestHead> currentHead() {
    return state == State.BODY ? Optional.of(head) : Optional.empty();
  }

  /** Whether no request is in progress (bytes of a partial head may sit in the caller's buffer). */
  public boolean isIdle() {
    return state == State.HEAD;
  }

  /**
   * Reports the end of the stream; {@code rest} is what is left in the read buffer.
   *
   * @throws EOFException if a request was begun and not finished
   */
  public void endOfInput(ByteBuffer rest) throws EOFException {
    switch (state) {
      case HEAD -> {
        if (scanner.inProgress(rest)) {
          throw new EOFException("end of stream inside a request head");
        }
      }
      case BODY -> body.endOfInput();
      case FAILED -> {}
    }
  }
}
