package io.capas.socket;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ThreadsTest {

  @Test
  void startsTheTaskOnAVirtualThread() throws InterruptedException {
    CountDownLatch ran = new CountDownLatch(1);
    AtomicBoolean virtual = new AtomicBoolean();
    Thread thread =
        Threads.start(
            () -> {
              virtual.set(Thread.currentThread().isVirtual());
              ran.countDown();
            });
    assertTrue(ran.await(10, TimeUnit.SECONDS));
    assertTrue(virtual.get());
    assertTrue(thread.getName().startsWith("capas-"), thread.getName());
    thread.join(10_000);
  }
}
