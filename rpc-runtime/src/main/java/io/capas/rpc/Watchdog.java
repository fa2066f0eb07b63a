package io.capas.rpc;

import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * Runs tasks at their deadlines on one daemon thread that is woken only when a new deadline comes
 * before the one it sleeps until. Calls that each arm a watch with the same timeout and cancel it
 * when they end (the usual case) so cost no thread switch: each deadline is later than the one the
 * thread already waits for. A {@code ScheduledThreadPoolExecutor} wakes its thread whenever a task
 * becomes the head of its queue, which for sequential calls is every call (measured: a fifth to a
 * third of a sequential caller's calls per second; see docs/BENCHMARKS.md).
 *
 * <p>Safe for concurrent use. A task runs at most once, on the watchdog's thread, and must be
 * short; one that throws is logged and the others still run.
 */
final class Watchdog {
  private static final System.Logger LOGGER = System.getLogger(Watchdog.class.getName());

  /** The one the blocking calls of every client share. */
  static final Watchdog CALLS = new Watchdog("capas-call-deadline");

  private final ConcurrentSkipListSet<Watch> watches = new ConcurrentSkipListSet<>();
  private final AtomicLong sequence = new AtomicLong();
  private final Thread thread;

  /** True while the thread sleeps with no deadline to wake for. */
  private volatile boolean idle = true;

  /** The {@link System#nanoTime()} the thread sleeps until, when not {@link #idle}. */
  private volatile long wakeAt;

  Watchdog(String name) {
    thread = Thread.ofPlatform().daemon().name(name).start(this::loop);
  }

  /** A task armed for a deadline. */
  final class Watch implements Comparable<Watch> {
    private final long at;
    private final long id;
    private final Runnable task;

    private Watch(long at, long id, Runnable task) {
      this.at = at;
      this.id = id;
      this.task = task;
    }

    /** Drops the task if it has not run; the thread is not woken. */
    void cancel() {
      watches.remove(this);
    }

    @Override
    public int compareTo(Watch other) {
      long d = at - other.at; // nanoTime values: compared by difference, as its doc says
      return d != 0 ? (d < 0 ? -1 : 1) : Long.compare(id, other.id);
    }
  }

  /** Runs {@code task} once {@code delayNanos} have passed, unless cancelled first. */
  Watch schedule(Runnable task, long delayNanos) {
    Watch watch = new Watch(System.nanoTime() + delayNanos, sequence.incrementAndGet(), task);
    watches.add(watch);
    // The thread publishes wakeAt, then looks at the set again: a watch added before that look is
    // seen there, one added after it sees the new wakeAt here.
    if (idle || watch.at - wakeAt < 0) {
      LockSupport.unpark(thread);
    }
    return watch;
  }

  private void loop() {
    while (true) {
      long now = System.nanoTime();
      @Nullable Watch first;
      while ((first = firstOrNull()) != null && first.at - now <= 0) {
        if (watches.remove(first)) {
          run(first.task);
        }
      }
      if (first == null) {
        idle = true;
      } else {
        wakeAt = first.at;
        idle = false;
      }
      @Nullable Watch head = firstOrNull();
      if (head != first) {
        continue; // one arrived meanwhile: look again before sleeping
      }
      if (first == null) {
        LockSupport.park(this);
      } else {
        LockSupport.parkNanos(this, first.at - System.nanoTime());
      }
    }
  }

  private @Nullable Watch firstOrNull() {
    try {
      return watches.first();
    } catch (NoSuchElementException e) {
      return null;
    }
  }

  private static void run(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException | Error e) {
      LOGGER.log(System.Logger.Level.WARNING, "a call's deadline task failed: " + e, e);
    }
  }
}
