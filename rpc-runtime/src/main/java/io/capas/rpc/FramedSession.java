package io.capas.rpc;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.WARNING;

import io.capas.framing.FrameDecoder;
import io.capas.http.Headers;
import io.capas.transport.Session;
import io.capas.transport.SessionContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * One connection of the framed binding. Every whole request frame in a pushed buffer is answered,
 * in order, and the responses go out together in one {@link SessionContext#write} (flushed early
 * once they pass {@link FramedServerBinding#FLUSH_BYTES}), so a client that pipelines calls costs
 * one write per read, not one per call.
 *
 * <p>What one connection may cost is bounded ({@link FramedServerSettings}): a connection idle
 * between frames past the idle timeout, or whose frame header or whole frame takes longer than its
 * timeout from the frame's first byte, is closed; so is one that sends more consecutive frames that
 * are not calls than allowed (once their answers are sent). On a queuing (multiplexing) server the
 * answers queued for a client that does not read are bounded too: once the connection is {@link
 * SessionContext#writeBacklogged() backlogged} the session stops answering and keeps the rest of
 * the pushed input (already in memory) until {@link #onWritable()}. A frame over the limit or a
 * broken frame closes the connection once the responses to the frames before it are sent; so does a
 * failure outside any call (an {@link Error} from the codec), with one WARNING line.
 *
 * <p>Frames are read on the thread that pushed them; the first call whose method is not declared
 * {@linkplain MethodRegistry#runInline non-blocking}, and every whole frame after it in the push,
 * go to one {@linkplain SessionContext#offload offloaded} task that answers them in order, so a
 * slow handler holds only its own connection.
 *
 * <p>Not thread-safe; one instance per connection.
 */
final class FramedSession implements Session {
  private static final System.Logger LOGGER = System.getLogger(FramedSession.class.getName());
  private static final byte[] NO_LENGTH = new byte[4];
  private static final int MAX_FRAMES_PER_DATA = 1_000_000;

  private final SessionContext context;

  /** Where this connection's calls come from, for their {@link CallContext}. */
  private final CallContext.Origin origin;

  private final CallProcessor calls;
  private final FramedServerSettings settings;
  private final LongSupplier nanoTime;
  private final FrameDecoder decoder;
  private final ByteSink out = new ByteSink(1024);

  /** Input not yet decoded: the rest of a push while backlogged, or a partial frame header. */
  private @Nullable ByteBuffer held;

  private long frameStart = -1;

  /** The size of {@link #out} before the frame being answered: what is whole to send. */
  private int answered;

  private int consecutiveErrors;
  private boolean closed;

  /** The rest of an offloaded batch, stopped by a backlog until {@link #onWritable()}. */
  private @Nullable List<CallProcessor.Request> waiting;

  private boolean closeAfterWaiting;

  FramedSession(
      SessionContext context,
      CallProcessor calls,
      FramedServerSettings settings,
      LongSupplier nanoTime) {
    this.context = context;
    this.origin =
        new CallContext.Origin(
            "framed", context.localAddress(), context.remoteAddress(), false, context.tlsSession());
    this.calls = calls;
    this.settings = settings;
    this.nanoTime = nanoTime;
    this.decoder = new FrameDecoder(settings.maxFrameBytes());
    context.readTimeout(settings.idleTimeout());
  }

  @Override
  public void onData(ByteBuffer data) throws IOException {
    ByteBuffer in = data;
    ByteBuffer kept = held;
    boolean copied = kept != null;
    if (copied) {
      // Rare: a partial header (at most 3 bytes) or input held over a backlog, then more input.
      in = ByteBuffer.allocate(kept.remaining() + data.remaining()).put(kept).put(data).flip();
      held = null;
    }
    serve(in);
    if (copied) {
      data.position(data.limit());
    }
  }

  @Override
  public void onWritable() throws IOException {
    List<CallProcessor.Request> rest = waiting;
    if (rest != null && !closed) {
      waiting = null;
      boolean closeAfter = closeAfterWaiting;
      context.offload(() -> answerOffloaded(rest, closeAfter));
      return;
    }
    ByteBuffer kept = held;
    if (kept != null && !closed) {
      held = null;
      serve(kept);
    }
  }

  /** Answers the whole frames of {@code in}; keeps what is left when {@code in} is not the push. */
  private void serve(ByteBuffer in) throws IOException {
    try {
      answer(in);
    } catch (RuntimeException | Error e) {
      // One line, no stack trace: a stack overflow's trace alone is a thousand lines.
      LOGGER.log(WARNING, () -> "frame from " + context.remoteAddress() + " failed: " + e);
      out.truncate(answered); // the half-written answer is not sent
      fail(in);
      return;
    }
    if (closed) {
      in.position(in.limit());
      return;
    }
    if (in.hasRemaining()) {
      // A backlog stopped the answers, or a partial header waits: keep it (the transport would
      // offer it again only with more input, and reads nothing while backlogged).
      ByteBuffer copy = ByteBuffer.allocate(in.remaining()).put(in).flip();
      held = copy;
    }
    waitForMore();
  }

  private void answer(ByteBuffer in) throws IOException {
    out.reset();
    answered = 0;
    for (int i = 0; i < MAX_FRAMES_PER_DATA; i++) {
      Optional<byte[]> frame;
      try {
        frame = decoder.decode(in);
      } catch (IOException e) {
        // A frame over the limit or broken: answer what came before it, then close.
        LOGGER.log(DEBUG, () -> "closing " + context.remoteAddress() + ": " + e.getMessage());
        fail(in);
        return;
      }
      if (frame.isEmpty()) {
        break;
      }
      frameStart = -1;
      CallProcessor.Request request = calls.read(new ByteArrayInputStream(frame.get()));
      if (!calls.runsInline(request)) {
        offload(request, in);
        return;
      }
      if (!answerOne(request)) {
        fail(in);
        return;
      }
      if (out.size() >= FramedServerBinding.FLUSH_BYTES) {
        flush();
        // Only a write can make it backlogged.
        if (context.writeBacklogged()) {
          break;
        }
      }
    }
    flush();
  }

  /**
   * Answers {@code request} into {@link #out}, framed; false once too many frames in a row were not
   * calls (the connection then closes).
   */
  private boolean answerOne(CallProcessor.Request request) {
    int start = out.size();
    answered = start;
    out.write(NO_LENGTH, 0, 4);
    calls.answer(request, out, origin, Headers.empty());
    ByteBuffer.wrap(out.array()).putInt(start, out.size() - start - 4);
    answered = out.size();
    consecutiveErrors = request.wasCall() ? 0 : consecutiveErrors + 1;
    if (consecutiveErrors >= settings.maxConsecutiveErrors()) {
      LOGGER.log(
          DEBUG,
          () -> "closing " + context.remoteAddress() + ": " + consecutiveErrors + " bad frames");
      return false;
    }
    return true;
  }

  /**
   * Sends the answers so far, reads every whole frame left in {@code in}, and offloads their calls,
   * {@code first} ahead of them, to one task that answers them in order.
   */
  private void offload(CallProcessor.Request first, ByteBuffer in) throws IOException {
    flush();
    List<CallProcessor.Request> batch = new ArrayList<>();
    batch.add(first);
    boolean broken = false;
    for (int i = 1; i < MAX_FRAMES_PER_DATA; i++) {
      Optional<byte[]> frame;
      try {
        frame = decoder.decode(in);
      } catch (IOException e) {
        LOGGER.log(DEBUG, () -> "closing " + context.remoteAddress() + ": " + e.getMessage());
        in.position(in.limit());
        broken = true;
        break;
      }
      if (frame.isEmpty()) {
        break;
      }
      batch.add(calls.read(new ByteArrayInputStream(frame.get())));
    }
    boolean closeAfter = broken;
    context.offload(() -> answerOffloaded(batch, closeAfter));
  }

  /** The offloaded task: answers {@code batch} in order, then closes if the input was broken. */
  private void answerOffloaded(List<CallProcessor.Request> batch, boolean closeAfter) {
    ByteBuffer none = ByteBuffer.allocate(0);
    try {
      out.reset();
      answered = 0;
      for (int i = 0; i < batch.size(); i++) {
        if (closed) {
          return;
        }
        if (!answerOne(batch.get(i))) {
          fail(none);
          return;
        }
        if (out.size() >= FramedServerBinding.FLUSH_BYTES) {
          flush();
          if (context.writeBacklogged() && i + 1 < batch.size()) {
            // The client is not reading: the rest waits for onWritable.
            waiting = new ArrayList<>(batch.subList(i + 1, batch.size()));
            closeAfterWaiting = closeAfter;
            return;
          }
        }
      }
      if (closeAfter) {
        fail(none);
        return;
      }
      flush();
      if (!closed) {
        waitForMore();
      }
    } catch (RuntimeException | Error e) {
      LOGGER.log(WARNING, () -> "frame from " + context.remoteAddress() + " failed: " + e);
      out.truncate(answered);
      try {
        fail(none);
      } catch (IOException ignored) {
        // The connection is closed anyway.
      }
    } catch (IOException e) {
      LOGGER.log(DEBUG, () -> "answering " + context.remoteAddress() + " failed: " + e);
      closed = true;
      context.close();
    }
  }

  /** Sends the answers so far and closes; the rest of {@code in} is dropped. */
  private void fail(ByteBuffer in) throws IOException {
    in.position(in.limit());
    held = null;
    if (!closed) {
      closed = true;
      try {
        flush();
      } finally {
        context.close();
      }
    }
  }

  private void flush() throws IOException {
    if (out.size() > 0) {
      context.write(out.asBuffer());
      out.trim(1 << 20);
    }
    answered = 0;
  }

  /** Sets the read timeout for what is awaited: the rest of a frame, or the next one. */
  private void waitForMore() {
    ByteBuffer kept = held;
    boolean partialHeader = kept != null && kept.hasRemaining();
    if (decoder.isIdle() && !partialHeader) {
      frameStart = -1;
      context.readTimeout(settings.idleTimeout());
      return;
    }
    long now = nanoTime.getAsLong();
    if (frameStart < 0) {
      frameStart = now;
    }
    Duration limit = decoder.isIdle() ? settings.headerTimeout() : settings.frameTimeout();
    long left = limit.toNanos() - (now - frameStart);
    // At least 1 ms so that a passed deadline still fires through onReadTimeout.
    context.readTimeout(Duration.ofNanos(Math.max(left, 1_000_000)));
  }

  @Override
  public void onReadTimeout(SessionContext ctx) {
    LOGGER.log(
        DEBUG,
        () ->
            "closing "
                + context.remoteAddress()
                + (frameStart < 0 ? ": idle" : ": a frame did not arrive in time"));
    closed = true;
    context.close();
  }

  @Override
  public void onEndOfStream() {
    closed = true;
    context.close();
  }

  @Override
  public void onClose() {
    closed = true;
    held = null;
    waiting = null;
  }
}
