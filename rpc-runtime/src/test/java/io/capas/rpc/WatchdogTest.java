package io.capas.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WatchdogTest {
  private static final long HOUR = TimeUnit.HOURS.toNanos(1);
  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

  @Test
  void anEarlierDeadlineWakesTheThreadSleepingForALaterOne() throws InterruptedException {
    Watchdog dog = new Watchdog("test-watchdog-hour");
    CountDownLatch late = new CountDownLatch(1);
    dog.schedule(late::countDown, HOUR);
    awaitTimedWaiting("test-watchdog-hour"); // the thread now sleeps until the hour is up
    CountDownLatch early = new CountDownLatch(1);
    long start = System.nanoTime();
    dog.schedule(early::countDown, 20 * MS);
    assertTrue(early.await(10, TimeUnit.SECONDS), "the 20 ms task ran");
    assertTrue(System.nanoTime() - start >= 20 * MS, "not before its deadline");
    assertEquals(1, late.getCount(), "the hour's task waits");
  }

  private static void awaitTimedWaiting(String name) {
    Thread thread =
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().equals(name))
            .findFirst()
            .orElseThrow();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (thread.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertEquals(Thread.State.TIMED_WAITING, thread.getState(), name);
  }

  @Test
  void tasksRunInDeadlineOrderAndCancelledOnesNever() throws InterruptedException {
    Watchdog dog = new Watchdog("test-watchdog");
    List<Integer> ran = new CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(1);
    dog.schedule(done::countDown, 120 * MS);
    dog.schedule(() -> ran.add(3), 90 * MS);
    Watchdog.Watch cancelled = dog.schedule(() -> ran.add(99), 30 * MS);
    dog.schedule(() -> ran.add(1), 10 * MS);
    dog.schedule(() -> ran.add(2), 60 * MS);
    cancelled.cancel();
    assertTrue(done.await(10, TimeUnit.SECONDS));
    assertEquals(List.of(1, 2, 3), ran);
  }

  @Test
  void aFailingTaskDoesNotStopTheOthers() throws InterruptedException {
    Watchdog dog = new Watchdog("test-watchdog");
    CountDownLatch after = new CountDownLatch(1);
    dog.schedule(
        () -> {
          throw new IllegalStateException("expected in this test");
        },
        MS);
    dog.schedule(after::countDown, 5 * MS);
    assertTrue(after.await(10, TimeUnit.SECONDS));
  }

  @Test
  void armingAndCancellingInALoopLeavesNothingBehind() throws InterruptedException {
    Watchdog dog = new Watchdog("test-watchdog");
    List<Integer> ran = new CopyOnWriteArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      int n = i;
      dog.schedule(() -> ran.add(n), 50 * MS).cancel();
    }
    CountDownLatch marker = new CountDownLatch(1);
    dog.schedule(marker::countDown, 100 * MS);
    assertTrue(marker.await(10, TimeUnit.SECONDS));
    assertFalse(ran.stream().findAny().isPresent(), "a cancelled task ran: " + ran);
  }
}
