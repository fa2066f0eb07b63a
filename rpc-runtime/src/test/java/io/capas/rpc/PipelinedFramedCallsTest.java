package io.capas.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.transport.Dialer;
import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.TcpTransport;
import io.capas.xmlrpc.FaultCodes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Pipelined framed calls: many callers, one real TCP connection, answers matched in order. */
class PipelinedFramedCallsTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Endpoint ANY = Endpoint.of("127.0.0.1", 0);

  private final TcpTransport transport =
      new TcpTransport(TcpConfig.defaults(), HostResolver.system());
  private final AtomicInteger connects = new AtomicInteger();

  /** Entered by {@code hold}; {@code release} lets it return. */
  private final CountDownLatch held = new CountDownLatch(1);

  private final CountDownLatch release = new CountDownLatch(1);
  private final ExecutorService threads = Executors.newFixedThreadPool(16);

  @AfterEach
  void tearDown() throws InterruptedException {
    release.countDown();
    threads.shutdownNow();
    assertTrue(threads.awaitTermination(30, TimeUnit.SECONDS));
  }

  private RpcServer server(TcpTransport on, Endpoint local) {
    return RpcServer.framed(on, local)
        .addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b)
        .addMethod(
            "hold",
            Integer.class,
            x -> {
              held.countDown();
              if (!release.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
              }
              return x;
            })
        .start();
  }

  private PipelinedFramedInvoker pipelined(int port) {
    return pipelined(
        port,
        (remote, timeout) -> {
          connects.incrementAndGet();
          return transport.connect(remote, timeout);
        },
        FramedClientSettings.DEFAULT_MAX_IN_FLIGHT);
  }

  private static PipelinedFramedInvoker pipelined(int port, Dialer dialer, int maxInFlight) {
    return new PipelinedFramedInvoker(
        FramedClientSettings.builder()
            .endpoint("127.0.0.1", port)
            .dialer(dialer)
            .pipelined(maxInFlight)
            .build());
  }

  private static @Nullable Object call(Invoker invoker, String method, Object... params) {
    return invoker.invoke(method, List.of(params), WAIT);
  }

  /** Waits until {@code n} calls are on the wire of the shared connection. */
  private static void awaitPending(PipelinedFramedInvoker invoker, int n) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (invoker.pipelinedCalls() < n) {
      assertTrue(System.nanoTime() < deadline, "only " + invoker.pipelinedCalls() + " calls sent");
      LockSupport.parkNanos(1_000_000);
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = TcpConfig.Model.class,
      names = {"THREAD_PER_CONNECTION", "MULTIPLEX"})
  void sixteenThreadsShareOneConnectionAndEachGetsItsOwnAnswers(TcpConfig.Model model)
      throws Exception {
    TcpTransport serving =
        new TcpTransport(
            TcpConfig.defaults().toBuilder().model(model).build(), HostResolver.system());
    try (RpcServer server = server(serving, ANY);
        PipelinedFramedInvoker invoker = pipelined(server.port())) {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < 16; t++) {
        int thread = t;
        results.add(
            threads.submit(
                () -> {
                  for (int i = 0; i < 300; i++) {
                    int a = thread * 1_000_000 + i;
                    Object answer = call(invoker, "suma", a, i);
                    assertEquals(a + i, answer, "thread " + thread + " call " + i);
                  }
                  return thread;
                }));
      }
      for (Future<Integer> result : results) {
        result.get(60, TimeUnit.SECONDS);
      }
      assertEquals(1, connects.get());
      assertEquals(1, server.activeConnections());
    }
  }

  @Test
  void largeCallsFromSeveralThreadsStayWholeAndInStep() throws Exception {
    try (RpcServer server =
            RpcServer.framed(transport, ANY).addMethod("echo", Object.class, x -> x).start();
        PipelinedFramedInvoker invoker = pipelined(server.port())) {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        results.add(
            threads.submit(
                () -> {
                  for (int i = 0; i < 4; i++) {
                    String big = (thread + ":" + i + ":").repeat(100_000);
                    assertEquals(big, call(invoker, "echo", big));
                    assertEquals("small " + i, call(invoker, "echo", "small " + i));
                  }
                  return thread;
                }));
      }
      for (Future<Integer> result : results) {
        result.get(60, TimeUnit.SECONDS);
      }
      assertEquals(1, connects.get());
    }
  }

  @Test
  void aTimedOutCallDoesNotDisturbTheOthers() throws Exception {
    try (RpcServer server = server(transport, ANY);
        PipelinedFramedInvoker invoker = pipelined(server.port())) {
      Future<RpcException> slow =
          threads.submit(
              () ->
                  assertThrows(
                      RpcException.class,
                      () -> invoker.invoke("hold", List.of(1), Duration.ofMillis(300))));
      assertTrue(held.await(30, TimeUnit.SECONDS));
      // Queued behind the held call on the same connection.
      List<Future<Object>> behind = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        int n = i;
        behind.add(threads.submit(() -> call(invoker, "suma", n, 100)));
      }
      awaitPending(invoker, 9); // hold (answered or abandoned, its response is due) and 8 behind it
      RpcException timeout = slow.get(30, TimeUnit.SECONDS);
      assertEquals(RpcException.Kind.TIMEOUT, timeout.kind());
      assertEquals("hold", timeout.method());
      release.countDown();
      for (int i = 0; i < 8; i++) {
        assertEquals(i + 100, behind.get(i).get(30, TimeUnit.SECONDS));
      }
      // The late answer of hold was read and dropped: the stream is still in step.
      for (int i = 0; i < 20; i++) {
        assertEquals(2 * i, call(invoker, "suma", i, i));
      }
      assertEquals(1, connects.get());
    }
  }

  @Test
  void aKilledServerFailsEveryPendingCallAndTheNextCallReconnects() throws Exception {
    RpcServer first = server(transport, ANY);
    int port = first.port();
    try (PipelinedFramedInvoker invoker = pipelined(port)) {
      assertEquals(5, call(invoker, "suma", 2, 3));
      List<Future<RpcException>> pending = new ArrayList<>();
      pending.add(
          threads.submit(() -> assertThrows(RpcException.class, () -> call(invoker, "hold", 1))));
      assertTrue(held.await(30, TimeUnit.SECONDS));
      for (int i = 0; i < 6; i++) {
        int n = i;
        pending.add(
            threads.submit(
                () -> assertThrows(RpcException.class, () -> call(invoker, "suma", n, 1))));
      }
      awaitPending(invoker, 7);
      first.close();
      for (Future<RpcException> failure : pending) {
        RpcException e = failure.get(30, TimeUnit.SECONDS);
        assertEquals(RpcException.Kind.IO, e.kind(), e.getMessage());
      }
      release.countDown();
      try (RpcServer second = server(transport, Endpoint.of("127.0.0.1", port))) {
        assertEquals(7, call(invoker, "suma", 3, 4));
        assertEquals(2, connects.get());
        assertEquals(1, second.activeConnections());
      }
    } finally {
      first.close();
    }
  }

  @Test
  void closeFailsPendingCallsAndLaterCalls() throws Exception {
    try (RpcServer server = server(transport, ANY)) {
      PipelinedFramedInvoker invoker = pipelined(server.port());
      Future<RpcException> pending =
          threads.submit(() -> assertThrows(RpcException.class, () -> call(invoker, "hold", 1)));
      assertTrue(held.await(30, TimeUnit.SECONDS));
      invoker.close();
      invoker.close();
      assertEquals(RpcException.Kind.CLOSED, pending.get(30, TimeUnit.SECONDS).kind());
      RpcException later = assertThrows(RpcException.class, () -> call(invoker, "suma", 1, 2));
      assertEquals(RpcException.Kind.CLOSED, later.kind());
      assertEquals(1, connects.get());
    }
  }

  @Test
  void callersPastTheInFlightBoundWaitForASlot() throws Exception {
    try (RpcServer server = server(transport, ANY);
        PipelinedFramedInvoker invoker = pipelined(server.port(), transport, 1)) {
      Future<Object> first = threads.submit(() -> call(invoker, "hold", 9));
      assertTrue(held.await(30, TimeUnit.SECONDS));
      // The one slot is taken by hold: this caller cannot even send before its deadline.
      RpcException waited =
          assertThrows(
              RpcException.class,
              () -> invoker.invoke("suma", List.of(1, 2), Duration.ofMillis(200)));
      assertEquals(RpcException.Kind.TIMEOUT, waited.kind());
      release.countDown();
      assertEquals(9, first.get(30, TimeUnit.SECONDS));
      assertEquals(3, call(invoker, "suma", 1, 2));
    }
  }

  @Test
  void faultsAndBadMethodsAnswerTheirOwnCaller() {
    try (RpcServer server = server(transport, ANY);
        Client client = new Client(pipelined(server.port()), WAIT)) {
      RpcFault fault = assertThrows(RpcFault.class, () -> client.call("nope"));
      assertEquals(FaultCodes.METHOD_NOT_FOUND, fault.code());
      assertEquals(5, client.call("suma", 2, 3));
      assertEquals("framed://127.0.0.1:" + server.port(), client.target());
    }
  }

  @Test
  void refusedConnectionIsUnavailable() throws Exception {
    int port;
    try (RpcServer server = server(transport, ANY)) {
      port = server.port();
    }
    try (PipelinedFramedInvoker invoker = pipelined(port)) {
      RpcException e = assertThrows(RpcException.class, () -> call(invoker, "suma", 1, 2));
      assertEquals(RpcException.Kind.UNAVAILABLE, e.kind());
    }
  }
}
