package io.capas.testing.transport;

import static com.google.common.base.Preconditions.checkArgument;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ScheduledExecutorService} whose tasks run only when a test moves its {@link FakeClock}
 * with {@link #advance}: each due task runs on the advancing thread, in time order, with the clock
 * set to the task's due time. Periodic scheduling is not supported. Safe for concurrent use.
 *
 * <pre>{@code
 * FakeClock clock = new FakeClock();
 * FakeScheduler scheduler = new FakeScheduler(clock);
 * scheduler.schedule(() -> fired.set(true), 100, MILLISECONDS);
 * scheduler.advance(Duration.ofMillis(100)); // runs the task, clock reads 100 ms
 * }</pre>
 */
public final class FakeScheduler extends AbstractExecutorService
    implements ScheduledExecutorService {
  private static final int MAX_TASKS_PER_ADVANCE = 1_000_000;

  private final FakeClock clock;
  private final PriorityQueue<Task<?>> queue = new PriorityQueue<>();
  private long sequence;
  private boolean shutdown;

  public FakeScheduler(FakeClock clock) {
    this.clock = clock;
  }

  public FakeClock clock() {
    return clock;
  }

  /** Moves the clock forward by {@code amount}, running every task that falls due on the way. */
  public void advance(Duration amount) {
    checkArgument(!amount.isNegative(), "time never goes backwards: %s", amount);
    long target = clock.read() + amount.toNanos();
    for (int ran = 0; ; ran++) {
      if (ran > MAX_TASKS_PER_ADVANCE) {
        throw new IllegalStateException(
            "more than " + MAX_TASKS_PER_ADVANCE + " tasks in one advance");
      }
      Task<?> next;
      synchronized (this) {
        next = queue.peek();
        if (next == null || next.due > target) {
          break;
        }
        queue.poll();
      }
      if (next.due > clock.read()) {
        clock.advance(Duration.ofNanos(next.due - clock.read()));
      }
      next.run();
    }
    if (target > clock.read()) {
      clock.advance(Duration.ofNanos(target - clock.read()));
    }
  }

  /** Runs the tasks already due, without moving the clock. */
  public void runDue() {
    advance(Duration.ZERO);
  }

  /** Tasks waiting to run (cancelled ones excluded). */
  public synchronized int pending() {
    return (int) queue.stream().filter(task -> !task.isCancelled()).count();
  }

  /**
   * Waits (in real time) until at least {@code count} tasks wait to run: for a test that must not
   * move time before another thread has armed its timer.
   *
   * @return false if that did not happen within {@code timeout}
   */
  public synchronized boolean awaitPending(int count, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (pending() < count) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  /** When the earliest waiting task falls due, relative to now; empty if none waits. */
  public synchronized Optional<Duration> nextDue() {
    return queue.stream()
        .filter(task -> !task.isCancelled())
        .mapToLong(task -> task.due)
        .min()
        .stream()
        .mapToObj(due -> Duration.ofNanos(Math.max(0, due - clock.read())))
        .findFirst();
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    return add(
        () -> {
          command.run();
          return null;
        },
        unit.toNanos(delay));
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    return add(callable, unit.toNanos(delay));
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(
      Runnable command, long initialDelay, long period, TimeUnit unit) {
    throw new UnsupportedOperationException("periodic tasks are not supported");
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(
      Runnable command, long initialDelay, long delay, TimeUnit unit) {
    throw new UnsupportedOperationException("periodic tasks are not supported");
  }

  /** Runs {@code command} at the next {@link #advance} or {@link #runDue}. */
  @Override
  public void execute(Runnable command) {
    ScheduledFuture<?> unused = schedule(command, 0, TimeUnit.NANOSECONDS);
  }

  private synchronized <V> Task<V> add(Callable<V> callable, long delayNanos) {
    if (shutdown) {
      throw new RejectedExecutionException("scheduler is shut down");
    }
    Task<V> task = new Task<>(callable, clock.read() + Math.max(0, delayNanos), sequence++);
    queue.add(task);
    notifyAll();
    return task;
  }

  @Override
  public synchronized void shutdown() {
    shutdown = true;
  }

  @Override
  public synchronized List<Runnable> shutdownNow() {
    shutdown = true;
    List<Runnable> left = new ArrayList<>(queue);
    queue.clear();
    return left;
  }

  @Override
  public synchronized boolean isShutdown() {
    return shutdown;
  }

  @Override
  public synchronized boolean isTerminated() {
    return shutdown && queue.isEmpty();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return isTerminated();
  }

  private final class Task<V> implements ScheduledFuture<V>, Runnable {
    private final Callable<V> callable;
    private final long due;
    private final long order;
    private boolean done;
    private boolean cancelled;
    private @Nullable V value;
    private @Nullable Exception failure;

    Task(Callable<V> callable, long due, long order) {
      this.callable = callable;
      this.due = due;
      this.order = order;
    }

    @Override
    public void run() {
      synchronized (this) {
        if (done) {
          return;
        }
      }
      V result = null;
      Exception error = null;
      try {
        result = callable.call();
      } catch (Exception e) {
        error = e;
      }
      synchronized (this) {
        value = result;
        failure = error;
        done = true;
        notifyAll();
      }
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(due - clock.read(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed other) {
      Task<?> that = (Task<?>) other;
      int byDue = Long.compare(due, that.due);
      return byDue != 0 ? byDue : Long.compare(order, that.order);
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      synchronized (this) {
        if (done) {
          return false;
        }
        done = true;
        cancelled = true;
        notifyAll();
      }
      synchronized (FakeScheduler.this) {
        queue.remove(this);
      }
      return true;
    }

    @Override
    public synchronized boolean isCancelled() {
      return cancelled;
    }

    @Override
    public synchronized boolean isDone() {
      return done;
    }

    @Override
    public synchronized V get() throws InterruptedException, ExecutionException {
      while (!done) {
        wait();
      }
      return result();
    }

    @Override
    public synchronized V get(long timeout, TimeUnit unit)
        throws InterruptedException, ExecutionException, TimeoutException {
      long deadline = System.nanoTime() + unit.toNanos(timeout);
      while (!done) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new TimeoutException();
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
      return result();
    }

    private V result() throws ExecutionException {
      if (cancelled) {
        throw new CancellationException();
      }
      if (failure != null) {
        throw new ExecutionException(failure);
      }
      return value;
    }
  }
}
