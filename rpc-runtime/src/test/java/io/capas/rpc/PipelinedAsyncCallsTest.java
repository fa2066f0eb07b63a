package io.capas.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.TcpTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code callAsync} over a pipelined framed client: the calling thread writes the request and
 * returns, no thread waits for the answer (the connection's reader completes the call, on a
 * completion thread), the deadline and cancellation give a call up without disturbing the others.
 */
@Timeout(60)
class PipelinedAsyncCallsTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final TcpTransport transport =
      new TcpTransport(TcpConfig.defaults(), HostResolver.system());
  private final CountDownLatch held = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void releaseHold() {
    release.countDown();
  }

  private RpcServer server() {
    return RpcServer.framed(transport, Endpoint.of("127.0.0.1", 0))
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

  private static Client pipelined(int port, Duration timeout) {
    return FramedClientSettings.builder()
        .endpoint("127.0.0.1", port)
        .pipelined()
        .timeout(timeout)
        .build()
        .client();
  }

  @Test
  void aThousandCallsWaitWithoutAThreadEachAndGetTheirOwnAnswers() throws Exception {
    Set<String> completedOn = ConcurrentHashMap.newKeySet();
    try (RpcServer server = server();
        Client client = pipelined(server.port(), WAIT)) {
      CompletableFuture<@Nullable Object> first = client.callAsync("hold", -1);
      assertTrue(held.await(10, TimeUnit.SECONDS));
      // Answered in order: all of these wait behind hold, on the one connection.
      List<CompletableFuture<@Nullable Object>> calls = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        CompletableFuture<@Nullable Object> call = client.callAsync("suma", i, i);
        calls.add(call);
      }
      CountDownLatch actionsRan = new CountDownLatch(calls.size());
      for (CompletableFuture<@Nullable Object> call : calls) {
        assertTrue(!call.isDone(), "answered before hold returned");
        CompletableFuture<Void> unused =
            call.thenRun(
                () -> {
                  completedOn.add(Thread.currentThread().getName());
                  actionsRan.countDown();
                });
      }
      release.countDown();
      assertEquals(-1, first.get(30, TimeUnit.SECONDS));
      // Not get() on each call: a thread waiting in get() helps run the stages of the future it
      // waits for, which would hide the thread that completed it.
      assertTrue(actionsRan.await(30, TimeUnit.SECONDS));
      for (int i = 0; i < calls.size(); i++) {
        assertEquals(2 * i, calls.get(i).join());
      }
      // Completed by the invoker's completion threads, not by a thread parked per call.
      assertEquals(Set.of("capas-call-done"), completedOn);
      assertEquals(1, server.activeConnections());
    }
  }

  @Test
  void aCallPastItsDeadlineTimesOutAndTheOthersGoOn() throws Exception {
    try (RpcServer server = server();
        Client client = pipelined(server.port(), WAIT)) {
      CompletableFuture<@Nullable Object> first = client.callAsync("hold", 1);
      assertTrue(held.await(10, TimeUnit.SECONDS));
      long start = System.nanoTime();
      CompletableFuture<@Nullable Object> late =
          client.withTimeout(Duration.ofMillis(200)).callAsync("suma", 2, 3);
      ExecutionException e =
          assertThrows(ExecutionException.class, () -> late.get(10, TimeUnit.SECONDS));
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(e.getCause() instanceof RpcException, e.toString());
      assertEquals(RpcException.Kind.TIMEOUT, ((RpcException) e.getCause()).kind());
      assertTrue(millis >= 150 && millis < 5000, "timed out after " + millis + " ms");
      CompletableFuture<@Nullable Object> cancelled = client.callAsync("suma", 4, 5);
      assertTrue(cancelled.cancel(true));
      assertThrows(CancellationException.class, cancelled::join);
      release.countDown();
      assertEquals(1, first.get(30, TimeUnit.SECONDS));
      // The late answers were read and dropped; the connection serves on.
      assertEquals(11, client.callAsync("suma", 5, 6).get(30, TimeUnit.SECONDS));
      assertEquals(13, client.call("suma", 6, 7));
      assertEquals(1, server.activeConnections());
    }
  }

  @Test
  void aConnectionFailureFailsTheWaitingCalls() throws Exception {
    RpcServer server = server();
    try (Client client = pipelined(server.port(), WAIT)) {
      CompletableFuture<@Nullable Object> first = client.callAsync("hold", 1);
      assertTrue(held.await(10, TimeUnit.SECONDS));
      CompletableFuture<@Nullable Object> waiting = client.callAsync("suma", 1, 1);
      server.close();
      for (CompletableFuture<@Nullable Object> call : List.of(first, waiting)) {
        ExecutionException e =
            assertThrows(ExecutionException.class, () -> call.get(30, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof RpcException, e.toString());
      }
    } finally {
      server.close();
    }
  }
}
