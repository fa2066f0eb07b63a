package io.capas.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.TcpTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A handler that blocks holds only its own connection, on every server model and binding: while
 * four calls sit in a 2-second handler, a {@code suma} on a new connection is answered at once (in
 * under 100 ms), and the four end together, not one after another. The sequential model is the
 * documented exception: its one thread runs every handler, so the {@code suma} waits.
 */
@Timeout(60)
class SlowHandlersTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final long SLOW_MILLIS = 2000;
  private static final int SLOW_CALLS = 4;

  @ParameterizedTest
  @EnumSource(
      value = TcpConfig.Model.class,
      names = {"THREAD_PER_CONNECTION", "POOL", "MULTIPLEX"})
  void aSlowHandlerDelaysNoOtherConnectionOverHttp(TcpConfig.Model model) throws Exception {
    slowHandlersLeaveOthersServed(model, TcpBinding.HTTP);
  }

  @ParameterizedTest
  @EnumSource(
      value = TcpConfig.Model.class,
      names = {"THREAD_PER_CONNECTION", "POOL", "MULTIPLEX"})
  void aSlowHandlerDelaysNoOtherConnectionOverFrames(TcpConfig.Model model) throws Exception {
    slowHandlersLeaveOthersServed(model, TcpBinding.FRAMED);
  }

  private static void slowHandlersLeaveOthersServed(TcpConfig.Model model, TcpBinding binding)
      throws Exception {
    // One selector loop and a pool as small as the slow calls: the worst case for both.
    TcpConfig config =
        TcpConfig.defaults().toBuilder()
            .model(model)
            .poolSize(SLOW_CALLS)
            .selectorThreads(1)
            .build();
    TcpTransport transport = new TcpTransport(config, HostResolver.system());
    CountDownLatch entered = new CountDownLatch(SLOW_CALLS);
    try (RpcServer server =
        binding
            .server(transport, Endpoint.of("127.0.0.1", 0))
            .addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b)
            .addMethod(
                "slow",
                Integer.class,
                i -> {
                  entered.countDown();
                  Thread.sleep(SLOW_MILLIS);
                  return i;
                })
            .start()) {
      Function<Endpoint, Client> newClient = remote -> binding.client(transport, remote, WAIT);
      Endpoint remote = Endpoint.of("127.0.0.1", server.port());
      try (Client warm = newClient.apply(remote)) {
        assertEquals(3, warm.call("suma", 1, 2)); // code paths loaded before anything is timed
      }
      List<Client> slowClients = new ArrayList<>();
      List<CompletableFuture<Object>> slow = new ArrayList<>();
      try {
        long started = System.nanoTime();
        for (int i = 0; i < SLOW_CALLS; i++) {
          Client c = newClient.apply(remote);
          slowClients.add(c);
          slow.add(c.callAsync("slow", i));
        }
        assertTrue(entered.await(WAIT.toSeconds(), TimeUnit.SECONDS), "slow calls never started");

        // A new connection each time; the best of three, all while the slow calls still run.
        long best = Long.MAX_VALUE;
        for (int attempt = 0; attempt < 3; attempt++) {
          long t0 = System.nanoTime();
          try (Client quick = newClient.apply(remote)) {
            assertEquals(5, quick.call("suma", 2, 3));
          }
          best = Math.min(best, System.nanoTime() - t0);
        }
        assertFalse(
            slow.stream().anyMatch(CompletableFuture::isDone),
            "the slow calls ended before the quick ones were timed");
        assertTrue(
            best < TimeUnit.MILLISECONDS.toNanos(100),
            model + "/" + binding + ": suma took " + best / 1_000_000 + " ms");

        for (int i = 0; i < SLOW_CALLS; i++) {
          assertEquals(i, slow.get(i).get(WAIT.toSeconds(), TimeUnit.SECONDS));
        }
        long all = System.nanoTime() - started;
        // Together, not one after another (that would be 8 s).
        assertTrue(
            all < TimeUnit.MILLISECONDS.toNanos(SLOW_MILLIS * 2),
            model + "/" + binding + ": the slow calls took " + all / 1_000_000 + " ms");
      } finally {
        slowClients.forEach(Client::close);
      }
    }
  }

  /** The sequential model's documented exception: its one thread runs the handlers too. */
  @ParameterizedTest
  @EnumSource(TcpBinding.class)
  void theSequentialModelServesOneCallAtATime(TcpBinding binding) throws Exception {
    TcpConfig config = TcpConfig.defaults().toBuilder().model(TcpConfig.Model.SEQUENTIAL).build();
    TcpTransport transport = new TcpTransport(config, HostResolver.system());
    CountDownLatch entered = new CountDownLatch(1);
    AtomicBoolean slowReturned = new AtomicBoolean();
    AtomicBoolean sumaAfterSlow = new AtomicBoolean();
    long slowMillis = 500;
    try (RpcServer server =
        binding
            .server(transport, Endpoint.of("127.0.0.1", 0))
            .addMethod(
                "suma",
                Integer.class,
                Integer.class,
                (a, b) -> {
                  sumaAfterSlow.set(slowReturned.get());
                  return a + b;
                })
            .addMethod(
                "slow",
                Integer.class,
                i -> {
                  entered.countDown();
                  Thread.sleep(slowMillis);
                  slowReturned.set(true);
                  return i;
                })
            .start()) {
      Endpoint remote = Endpoint.of("127.0.0.1", server.port());
      try (Client slowClient = binding.client(transport, remote, WAIT);
          Client quick = binding.client(transport, remote, WAIT)) {
        CompletableFuture<Object> slow = slowClient.callAsync("slow", 7);
        assertTrue(entered.await(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertEquals(5, quick.call("suma", 2, 3));
        // The server's order, not the clients' (the slow answer's future completes on another
        // thread, maybe after the suma answer is read).
        assertTrue(sumaAfterSlow.get(), "suma ran while the one thread was in a handler");
        assertEquals(7, slow.get());
      }
    }
  }
}
