package io.capas.rpc;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * One call of a {@link PipelinedConnection} waiting for its response frame: the connection's reader
 * completes or fails it, the calling thread waits for it with a deadline. A caller that gives up
 * marks it abandoned, so its late response is read and dropped. Safe for concurrent use (one
 * waiting thread, one completing thread).
 */
final class PendingCall {
  /** Where the call stands; DONE and ABANDONED are final. */
  private enum State {
    WAITING,
    DONE,
    ABANDONED
  }

  /** The thread that awaits the call, or null when {@link #future} takes the answer instead. */
  private final @Nullable Thread waiter;

  private final @Nullable CompletableFuture<byte[]> future;
  private final AtomicReference<State> state = new AtomicReference<>(State.WAITING);
  // Written before the state leaves WAITING, read after seeing DONE: the atomic orders them.
  private byte @Nullable [] response;
  private @Nullable IOException failure;

  /** A call that the current thread will {@link #await}. */
  PendingCall() {
    this.waiter = Thread.currentThread();
    this.future = null;
  }

  /**
   * A call whose answer completes {@code future} (on the connection's reader thread): no thread
   * waits for it. Give up on it with {@link #abandon()}.
   */
  PendingCall(CompletableFuture<byte[]> future) {
    this.waiter = null;
    this.future = future;
  }

  /** Gives up on the call: its late response will be read and dropped. False if it was done. */
  boolean abandon() {
    return state.compareAndSet(State.WAITING, State.ABANDONED);
  }

  /** Hands the response over; false if the caller had already given up (the bytes are dropped). */
  boolean complete(byte[] frame) {
    response = frame;
    return finish();
  }

  /** Fails the call with {@code e}; false if it was already done or abandoned. */
  boolean fail(IOException e) {
    failure = e;
    return finish();
  }

  private boolean finish() {
    if (state.compareAndSet(State.WAITING, State.DONE)) {
      if (future != null) {
        IOException e = failure;
        if (e != null) {
          future.completeExceptionally(e);
        } else {
          future.complete(requireNonNull(response));
        }
      } else {
        LockSupport.unpark(waiter);
      }
      return true;
    }
    return false;
  }

  /**
   * Waits until the response arrives or {@code deadlineNanos} (a {@link System#nanoTime()} value)
   * passes.
   *
   * @return the response frame, or {@code null} when the deadline passed first (the call is then
   *     abandoned)
   * @throws IOException the connection failed first
   * @throws InterruptedIOException the thread was interrupted (the call is abandoned, the flag
   *     kept)
   */
  byte @Nullable [] await(long deadlineNanos) throws IOException {
    // Bounded by the deadline: each pass parks until it or the completion (spurious wake-ups loop).
    while (state.get() == State.WAITING) {
      long left = deadlineNanos - System.nanoTime();
      if (left <= 0 || Thread.currentThread().isInterrupted()) {
        if (state.compareAndSet(State.WAITING, State.ABANDONED)) {
          if (left > 0) {
            throw new InterruptedIOException("interrupted while waiting for the response");
          }
          return null;
        }
        break;
      }
      LockSupport.parkNanos(this, left);
    }
    IOException e = failure;
    if (e != null) {
      throw e;
    }
    return response;
  }
}
