package io.capas.rpc;

import com.google.common.annotations.VisibleForTesting;
import io.capas.transport.Connection;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Pipelined framed calls: all callers share ONE connection; each writes its request frame as soon
 * as it has the write lock, without waiting for earlier responses, and a reader thread hands each
 * response frame to the oldest waiting call (the server answers in order). At most {@link
 * FramedClientSettings#maxInFlight()} calls are on the wire; further callers wait for a slot within
 * their own deadline. A caller whose deadline passes gets {@link RpcException.Kind#TIMEOUT} and its
 * late response is read and dropped. If the connection breaks, every call on it fails with {@link
 * RpcException.Kind#IO} (or {@link RpcException.Kind#PROTOCOL} for a bad frame) and the next call
 * opens a new connection: a call that may have reached the server is never sent again.
 *
 * <p>Safe for concurrent use. {@link #close()} closes the connection and fails the calls still
 * waiting with {@link RpcException.Kind#CLOSED}; it may be called twice.
 */
final class PipelinedFramedInvoker extends FramedInvoker implements AsyncInvoker {
  private final Semaphore inFlight;
  private volatile @Nullable PipelinedConnection shared;
  private boolean closed;

  PipelinedFramedInvoker(FramedClientSettings settings) {
    super(settings);
    this.inFlight = new Semaphore(settings.maxInFlight());
  }

  @Override
  public @Nullable Object invoke(String method, List<@Nullable Object> params, Duration timeout) {
    CallDeadline deadline = CallDeadline.start(timeout);
    ByteSink frame = frame(method, params);
    byte[] reply = exchange(inFlight, method, frame, deadline, timeout);
    try {
      return Responses.result(method, codec.readResponse(new ByteArrayInputStream(reply)));
    } catch (IOException e) {
      throw Failures.map(e, method, target(), timeout);
    }
  }

  /**
   * Sends the frame on the calling thread and returns: the connection's reader completes the call,
   * the deadline's watchdog gives it up. Null when all in-flight slots are taken (the caller waits
   * for one the blocking way).
   */
  @Override
  public @Nullable CompletableFuture<@Nullable Object> invokeAsync(
      String method, List<@Nullable Object> params, Duration timeout) {
    CallDeadline deadline = CallDeadline.start(timeout);
    ByteSink frame;
    try {
      frame = frame(method, params);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    if (!inFlight.tryAcquire()) {
      return null;
    }
    CompletableFuture<byte[]> reply = new CompletableFuture<>();
    PendingCall call = null;
    try {
      for (int attempt = 0; attempt < 3 && call == null; attempt++) {
        call =
            sharedConnection(method, deadline, timeout)
                .send(frame.array(), frame.size(), deadline, reply);
      }
    } catch (RuntimeException e) {
      inFlight.release();
      return CompletableFuture.failedFuture(e);
    }
    if (call == null) {
      inFlight.release();
      return CompletableFuture.failedFuture(
          new RpcException(
              RpcException.Kind.UNAVAILABLE,
              method,
              "connections to " + target() + " keep failing",
              null));
    }
    PendingCall pending = call;
    CompletableFuture<@Nullable Object> result =
        new CompletableFuture<>() {
          @Override
          public boolean cancel(boolean mayInterruptIfRunning) {
            pending.abandon();
            return super.cancel(mayInterruptIfRunning);
          }
        };
    ScheduledFuture<?> expiry =
        deadline.onExpiry(
            () -> {
              if (pending.abandon()) {
                result.completeExceptionally(Failures.timeout(method, target(), timeout));
              }
            });
    AsyncInvoker.settle(
        reply,
        result,
        expiry,
        codec,
        method,
        e ->
            e instanceof PipelinedConnection.ClosedException
                ? closed(method)
                : Failures.map(e, method, target(), timeout));
    return result;
  }

  /** Sends the frame on the shared connection and waits for its response frame. */
  private byte[] exchange(
      Semaphore permits,
      String method,
      ByteSink frame,
      CallDeadline callDeadline,
      Duration timeout) {
    long deadline = callDeadline.nanoTime();
    try {
      if (!permits.tryAcquire(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
        throw Failures.timeout(method, target(), timeout);
      }
    } catch (InterruptedException e) {
      throw interrupted(method, e);
    }
    PendingCall call = null;
    try {
      // Bounded: a connection refuses a call only once it has failed, and each pass opens anew.
      for (int attempt = 0; attempt < 3 && call == null; attempt++) {
        call =
            sharedConnection(method, callDeadline, timeout)
                .send(frame.array(), frame.size(), callDeadline);
      }
    } finally {
      if (call == null) {
        permits.release(); // not sent: the permit is still ours
      }
    }
    if (call == null) {
      throw new RpcException(
          RpcException.Kind.UNAVAILABLE,
          method,
          "connections to " + target() + " keep failing",
          null);
    }
    try {
      byte[] reply = call.await(deadline);
      if (reply == null) {
        throw Failures.timeout(method, target(), timeout);
      }
      return reply;
    } catch (PipelinedConnection.ClosedException e) {
      throw closed(method);
    } catch (IOException e) {
      throw Failures.map(e, method, target(), timeout);
    }
  }

  private RpcException interrupted(String method, InterruptedException e) {
    return Failures.cancelled(method, target(), e);
  }

  /** The shared connection, opened anew when there is none or it has failed. */
  private PipelinedConnection sharedConnection(
      String method, CallDeadline deadline, Duration timeout) {
    PipelinedConnection current = shared;
    if (current != null && current.isOpen()) {
      return current;
    }
    synchronized (this) {
      if (closed) {
        throw closed(method);
      }
      current = shared;
      if (current == null || !current.isOpen()) {
        Connection connection = open(method, deadline, timeout);
        try {
          current = PipelinedConnection.start(connection, maxFrame, inFlight, target());
        } catch (IOException e) {
          connection.close();
          throw Failures.map(e, method, target(), timeout);
        }
        shared = current;
      }
      return current;
    }
  }

  /** Pipelined calls sent on the shared connection and not yet answered (0 when there is none). */
  @VisibleForTesting
  int pipelinedCalls() {
    PipelinedConnection current = shared;
    return current == null ? 0 : current.pendingCalls();
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
    }
    PipelinedConnection current = shared;
    if (current != null) {
      current.close();
    }
  }
}
