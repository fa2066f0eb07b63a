package io.capas.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.testing.transport.InMemoryTransport;
import io.capas.transport.Endpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The idle watch of {@link HttpInvoker}'s pooled connections: started only once a connection has
 * stayed pooled for the watch delay, so back-to-back calls read their own responses.
 */
class HttpIdleWatchTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final InMemoryTransport transport = InMemoryTransport.create();
  private RpcServer server;

  private RpcServer start(Duration idleTimeout) {
    server =
        new RpcServer(
                new HttpServerBinding(
                    transport, HttpServerSettings.defaults().withTimeouts(idleTimeout, WAIT, WAIT)),
                Endpoint.of("localhost", 0))
            .addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b)
            .start();
    return server;
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpInvoker invoker(Duration watchAfter) {
    HttpClientSettings settings =
        HttpClientSettings.builder()
            .endpoint("localhost", server.port())
            .dialer(transport)
            .timeout(WAIT)
            .build();
    return new HttpInvoker(settings, watchAfter);
  }

  private static Object suma(HttpInvoker invoker, int a, int b) {
    return invoker.invoke("suma", List.of(a, b), WAIT);
  }

  private static void await(String what, LongSupplier value, long expected) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (value.getAsLong() != expected && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertEquals(expected, value.getAsLong(), what);
  }

  @Test
  void backToBackCallsReuseTheConnectionUnwatched() {
    start(WAIT);
    try (HttpInvoker invoker = invoker(Duration.ofMinutes(5))) {
      for (int i = 0; i < 50; i++) {
        assertEquals(i + 1, suma(invoker, i, 1));
      }
      assertEquals(0, invoker.watchesStarted(), "no connection stayed pooled for the delay");
      assertEquals(1, server.activeConnections(), "one kept-alive connection served them all");
    }
  }

  @Test
  void withNoDelayEveryReleaseIsWatched() {
    start(WAIT);
    try (HttpInvoker invoker = invoker(Duration.ZERO)) {
      for (int i = 0; i < 20; i++) {
        assertEquals(i + 1, suma(invoker, i, 1));
      }
      assertEquals(20, invoker.watchesStarted());
      assertEquals(1, server.activeConnections(), "the watched byte went to the next call");
    }
  }

  @Test
  void aConnectionPooledForTheDelayIsWatchedAndDroppedOnceTheServerClosesIt() {
    start(Duration.ofMillis(300));
    try (HttpInvoker invoker = invoker(Duration.ofMillis(20))) {
      assertEquals(3, suma(invoker, 1, 2));
      await("watches started", invoker::watchesStarted, 1);
      await("live watches", invoker::watchedIdleConnections, 1);
      // The server's keep-alive timeout closes the idle connection; the watch sees it end.
      await("server connections", server::activeConnections, 0);
      await("live watches after the close", invoker::watchedIdleConnections, 0);
      assertEquals(7, suma(invoker, 3, 4));
      assertEquals(1, server.activeConnections(), "a fresh connection");
    }
  }

  @Test
  void closingTheInvokerEndsItsWatchStarter() {
    start(WAIT);
    HttpInvoker invoker = invoker(Duration.ofMinutes(5));
    assertEquals(3, suma(invoker, 1, 2));
    assertTrue(invoker.watchStarterRunning(), "waiting for the pooled connection's delay");
    invoker.close();
    await("starter running", () -> invoker.watchStarterRunning() ? 1 : 0, 0);
    await("server connections", server::activeConnections, 0);
    assertEquals(0, invoker.watchesStarted());
  }

  @Test
  void callsRacingTheWatchStarterGetTheirOwnAnswers() throws Exception {
    start(WAIT);
    // A delay of 1 ns: the starter watches connections while callers take them back.
    try (HttpInvoker invoker = invoker(Duration.ofNanos(1))) {
      List<Thread> threads = new ArrayList<>();
      AtomicInteger wrong = new AtomicInteger();
      List<Throwable> failures = new CopyOnWriteArrayList<>();
      for (int t = 0; t < 4; t++) {
        int base = t * 10_000;
        threads.add(
            Thread.ofPlatform()
                .start(
                    () -> {
                      for (int i = 0; i < 3000; i++) {
                        try {
                          if (!Integer.valueOf(base + i + 1)
                              .equals(invoker.invoke("suma", List.of(base + i, 1), WAIT))) {
                            wrong.incrementAndGet();
                          }
                        } catch (RuntimeException e) {
                          failures.add(e);
                          return;
                        }
                      }
                    }));
      }
      for (Thread thread : threads) {
        thread.join();
      }
      assertEquals(List.of(), failures);
      assertEquals(0, wrong.get());
      assertTrue(invoker.watchesStarted() > 0, "the starter ran alongside the calls");
    }
  }
}
