package io.capas.rpc;

import io.capas.transport.Connection;
import io.capas.transport.Dialer;
import io.capas.transport.Endpoint;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * The one deadline of one call, shared by every binding: the call's timeout bounds the whole call,
 * lookup, connect, write and every read, not each step.
 *
 * <ul>
 *   <li>{@link #connect} looks up and connects within the configured connect timeout or what is
 *       left, whichever is smaller ({@link #connectTimeout}), and maps a failure to the call's
 *       {@link RpcException};
 *   <li>{@link #readTimeout} is what is left, for each read;
 *   <li>{@link #watch} arms a watchdog that closes the connection when the deadline passes, so that
 *       even a write blocked on a peer that does not read, or a read that a trickling peer keeps
 *       alive, ends; {@link #expired()} then tells the invoker to report a timeout rather than the
 *       broken connection the close caused.
 * </ul>
 *
 * <pre>{@code
 * CallDeadline deadline = CallDeadline.start(timeout);
 * Connection c = deadline.connect(dialer, remote, configured, method, target, timeout);
 * try {
 *   deadline.watch(c::close);
 *   ... write, read with c.readTimeout(deadline.readTimeout()) ...
 * } catch (IOException e) {
 *   if (deadline.expired()) throw Failures.timeout(...);
 * } finally {
 *   boolean intact = deadline.disarm(); // false: the watchdog closed the connection
 * }
 * }</pre>
 *
 * <p>{@link #watch} runs on {@link Watchdog#CALLS}, which arming and disarming do not wake in the
 * usual case; {@link #onExpiry} (the asynchronous calls) on a scheduled executor's daemon thread.
 * Safe for use by the calling thread and that watchdog; one instance per call.
 */
final class CallDeadline {
  private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();

  /** Where the watch of a call stands. */
  private enum State {
    /** No watch armed. */
    IDLE,
    /** A watch will close the connection at the deadline. */
    ARMED,
    /** The watch fired (final). */
    FIRED
  }

  private final long deadlineNanos;

  /** The watchdog and disarm race on ARMED. */
  private final AtomicReference<State> state = new AtomicReference<>(State.IDLE);

  private Watchdog.@Nullable Watch watch;

  private CallDeadline(long deadlineNanos) {
    this.deadlineNanos = deadlineNanos;
  }

  private static ScheduledThreadPoolExecutor watchdog() {
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            1, Thread.ofPlatform().daemon().name("capas-call-deadline").factory());
    // Calls that end in time cancel their watch: drop it from the queue at once.
    executor.setRemoveOnCancelPolicy(true);
    return executor;
  }

  /** Runs {@code task} on the watchdog thread when this deadline passes; cancel it when done. */
  ScheduledFuture<?> onExpiry(Runnable task) {
    return WATCHDOG.schedule(task, Math.max(0, remainingNanos()), TimeUnit.NANOSECONDS);
  }

  /** A deadline {@code timeout} from now. */
  static CallDeadline start(Duration timeout) {
    return new CallDeadline(System.nanoTime() + timeout.toNanos());
  }

  /** Nanoseconds left; zero or negative once passed. */
  long remainingNanos() {
    return deadlineNanos - System.nanoTime();
  }

  /** Whether the deadline has passed (or the watchdog fired). */
  boolean passed() {
    return expired() || remainingNanos() <= 0;
  }

  /** The deadline as a {@link System#nanoTime()} value. */
  long nanoTime() {
    return deadlineNanos;
  }

  /**
   * What is left, at least 1 ms (a read timeout of zero would mean none).
   *
   * @throws SocketTimeoutException the deadline has passed
   */
  Duration readTimeout() throws SocketTimeoutException {
    long left = remainingNanos();
    if (left <= 0 || expired()) {
      throw new SocketTimeoutException("the call's deadline passed");
    }
    return Duration.ofMillis(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
  }

  /**
   * The smaller of {@code configured} and what is left.
   *
   * @throws SocketTimeoutException the deadline has passed
   */
  Duration connectTimeout(Duration configured) throws SocketTimeoutException {
    Duration left = readTimeout();
    return configured.isZero() || configured.compareTo(left) > 0 ? left : configured;
  }

  /**
   * Connects to {@code remote} within {@link #connectTimeout connectTimeout(configured)}; a failure
   * is the call's {@link RpcException} ({@link Failures#connectFailed}), {@code timeout} being the
   * call's, for its message.
   */
  Connection connect(
      Dialer dialer,
      Endpoint remote,
      Duration configured,
      String method,
      String target,
      Duration timeout) {
    Duration granted;
    try {
      granted = connectTimeout(configured);
    } catch (SocketTimeoutException e) {
      throw Failures.timeout(method, target, timeout);
    }
    try {
      return dialer.connect(remote, granted);
    } catch (IOException e) {
      throw Failures.connectFailed(e, method, target, timeout, this, configured, granted);
    }
  }

  /**
   * Runs {@code onExpiry} (closing the connection) when the deadline passes, unless {@link
   * #disarm()} comes first. One watch at a time: arming again replaces the previous one.
   */
  void watch(Runnable onExpiry) {
    if (!disarm() || !state.compareAndSet(State.IDLE, State.ARMED)) {
      onExpiry.run(); // fired already: whatever is watched now is too late as well
      return;
    }
    Runnable fire =
        () -> {
          if (state.compareAndSet(State.ARMED, State.FIRED)) {
            onExpiry.run();
          }
        };
    long left = remainingNanos();
    if (left <= 0) {
      fire.run();
      return;
    }
    watch = Watchdog.CALLS.schedule(fire, left);
  }

  /**
   * Cancels the watch.
   *
   * @return true unless the watchdog already fired (then the connection was closed by it)
   */
  boolean disarm() {
    Watchdog.Watch current = watch;
    if (current != null) {
      watch = null;
      current.cancel();
    }
    return state.compareAndSet(State.ARMED, State.IDLE) || state.get() == State.IDLE;
  }

  /** Whether the watchdog fired: a failure of the connection since is the deadline's doing. */
  boolean expired() {
    return state.get() == State.FIRED;
  }
}
