package io.capas.rpc;

import io.capas.framing.FrameDecoder;
import io.capas.transport.Connection;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * One framed connection carrying many calls at once: callers queue their request frames and a
 * {@link PendingCall} in one order, and whoever holds the write lock writes every frame queued so
 * far in one go; one reader thread reads the response frames and hands each to the oldest pending
 * call, since the server answers in request order.
 *
 * <p>When the connection breaks (end of stream, a read or write error, a bad frame) every pending
 * call fails with that {@link IOException} and the connection refuses further calls ({@link #send}
 * returns {@code null}); the owner then opens a new one. Nothing is ever sent again. Each call
 * removed from the queue (answered or failed) gives one permit back to the {@code inFlight}
 * semaphore its caller took one from. Safe for concurrent use; {@link #close()} may be called twice
 * and fails the pending calls with {@link ClosedException}.
 */
final class PipelinedConnection implements AutoCloseable {
  /** The connection was closed on this side ({@link #close()}). */
  static final class ClosedException extends IOException {
    private static final long serialVersionUID = 1L;

    ClosedException(String message) {
      super(message);
    }
  }

  private static final System.Logger LOGGER = System.getLogger(PipelinedConnection.class.getName());
  private static final int READ_BUFFER = 16 * 1024;

  private final Connection connection;
  private final int maxFrame;
  private final Semaphore inFlight;
  private final String target;

  /** Held while frames are written; the holder owns {@link #writing}. */
  private final ReentrantLock writeLock = new ReentrantLock();

  private ByteSink writing = new ByteSink(1024);
  // Guarded by pending: the frames queued and not yet taken by a writer, and frame counts.
  private ByteSink queued = new ByteSink(1024);
  private long queuedFrames;
  private long writtenFrames;
  private final ArrayDeque<PendingCall> pending = new ArrayDeque<>();
  private @Nullable IOException failure; // guarded by pending
  private volatile boolean open = true;

  private PipelinedConnection(
      Connection connection, int maxFrame, Semaphore inFlight, String target) {
    this.connection = connection;
    this.maxFrame = maxFrame;
    this.inFlight = inFlight;
    this.target = target;
  }

  /** Takes over {@code connection} and starts its reader thread. */
  static PipelinedConnection start(
      Connection connection, int maxFrame, Semaphore inFlight, String target) throws IOException {
    PipelinedConnection c = new PipelinedConnection(connection, maxFrame, inFlight, target);
    // The reader waits for responses however long the calls take; each caller bounds its own wait.
    connection.readTimeout(Duration.ZERO);
    Thread.ofPlatform().daemon().name("capas-framed-reader " + target).start(c::readLoop);
    return c;
  }

  /** Whether calls may still be sent. */
  boolean isOpen() {
    return open;
  }

  /** Calls sent and not yet answered or failed. */
  int pendingCalls() {
    synchronized (pending) {
      return pending.size();
    }
  }

  /**
   * Queues a call and its frame ({@code length} bytes of {@code frame}), then writes every queued
   * frame unless an earlier writer already took this one along (group commit: callers arriving
   * while a write is under way share the next one). The caller holds a permit of {@code inFlight},
   * which this connection owns once the call is queued.
   *
   * @return the pending call, or {@code null} when nothing was queued because the connection had
   *     already failed (the permit stays the caller's). A call whose deadline passes while it waits
   *     for the write lock (or is interrupted there) is still returned: its frame is queued and
   *     goes out with the next write.
   */
  @Nullable PendingCall send(byte[] frame, int length, CallDeadline deadline) {
    return send(frame, length, deadline, new PendingCall());
  }

  /** {@link #send(byte[], int, CallDeadline)} of a call whose answer completes {@code reply}. */
  @Nullable PendingCall send(
      byte[] frame, int length, CallDeadline deadline, CompletableFuture<byte[]> reply) {
    return send(frame, length, deadline, new PendingCall(reply));
  }

  private @Nullable PendingCall send(
      byte[] frame, int length, CallDeadline deadline, PendingCall call) {
    long deadlineNanos = deadline.nanoTime();
    long ticket;
    synchronized (pending) {
      if (failure != null) {
        return null;
      }
      pending.addLast(call);
      queued.write(frame, 0, length);
      ticket = ++queuedFrames;
    }
    try {
      if (!writeLock.tryLock(deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS)) {
        return call;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the call's wait sees it and gives up
      return call;
    }
    try {
      long upTo;
      synchronized (pending) {
        if (writtenFrames >= ticket || failure != null) {
          return call;
        }
        ByteSink batch = queued;
        queued = writing;
        writing = batch;
        upTo = queuedFrames;
      }
      // A peer that does not read blocks this write: at the writer's deadline the connection
      // fails (every call on it with a timeout), which ends the write.
      deadline.watch(
          () ->
              fail(
                  new SocketTimeoutException(
                      "a write to " + target + " was still blocked at a call's deadline")));
      try {
        OutputStream out = connection.output();
        out.write(writing.array(), 0, writing.size());
        out.flush();
      } catch (IOException e) {
        // Some of the frames may have gone out: their calls fail with the others, never re-sent.
        fail(e);
      } finally {
        deadline.disarm();
      }
      writing.trim(1 << 20);
      synchronized (pending) {
        writtenFrames = upTo;
      }
      return call;
    } finally {
      writeLock.unlock();
    }
  }

  private void readLoop() {
    InputStream in = connection.input();
    FrameDecoder decoder = new FrameDecoder(maxFrame);
    ByteBuffer buffer = ByteBuffer.allocate(READ_BUFFER);
    try {
      // Bounded by the connection: ends when it ends, breaks, or is closed.
      while (true) {
        int n = in.read(buffer.array(), buffer.position(), buffer.remaining());
        if (n < 0) {
          buffer.flip();
          decoder.endOfInput(buffer);
          throw new EOFException("connection to " + target + " closed by the server");
        }
        buffer.position(buffer.position() + n);
        buffer.flip();
        // The decoder consumes all but a partial 4-byte header, so the buffer never fills up.
        for (Optional<byte[]> frame = decoder.decode(buffer);
            frame.isPresent();
            frame = decoder.decode(buffer)) {
          deliver(frame.get());
        }
        buffer.compact();
      }
    } catch (IOException e) {
      fail(e);
    } catch (RuntimeException | Error e) {
      // A bug (or an Error) here must not leave callers waiting: they get it, the connection is
      // dropped.
      fail(new IOException("reader of " + target + " failed: " + e, e));
    }
  }

  private void deliver(byte[] frame) throws ProtocolException {
    PendingCall call;
    synchronized (pending) {
      call = pending.pollFirst();
    }
    if (call == null) {
      throw new ProtocolException("a response frame from " + target + " answers no call");
    }
    inFlight.release();
    if (!call.complete(frame)) {
      LOGGER.log(System.Logger.Level.TRACE, "dropped the late response of an abandoned call");
    }
  }

  /** Marks the connection failed, fails every pending call with {@code e}, closes the socket. */
  private void fail(IOException e) {
    List<PendingCall> failed;
    synchronized (pending) {
      if (failure == null) {
        failure = e;
        open = false;
      }
      failed = new ArrayList<>(pending);
      pending.clear();
    }
    connection.close();
    inFlight.release(failed.size());
    for (PendingCall call : failed) {
      call.fail(e);
    }
  }

  /** Fails the pending calls with {@link ClosedException} and closes the socket; idempotent. */
  @Override
  public void close() {
    fail(new ClosedException("the client of " + target + " was closed"));
  }
}
