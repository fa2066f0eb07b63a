package io.capas.transport.udp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.util.concurrent.MoreExecutors;
import io.capas.testing.transport.FakeClock;
import io.capas.testing.transport.FakeScheduler;
import io.capas.testing.transport.LossyNetwork;
import io.capas.transport.HostResolver;
import io.capas.transport.RequestHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** A reliable UDP transport over a {@link LossyNetwork} with fake time. */
final class Harness implements AutoCloseable {
  static final InetSocketAddress SERVER =
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 9000);

  final FakeClock clock = new FakeClock();
  final FakeScheduler scheduler = new FakeScheduler(clock);
  final LossyNetwork network;
  final ReliableUdpTransport transport;
  private final List<AutoCloseable> opened = new ArrayList<>();
  private final ExecutorService callers =
      Executors.newCachedThreadPool(Thread.ofPlatform().daemon().name("test-caller-", 0).factory());
  private final List<ExecutorService> executors = new ArrayList<>(List.of(callers));

  Harness(long seed, ReliableUdpConfig config) {
    this(seed, config, MoreExecutors.directExecutor());
  }

  /** Handlers run on their own threads (the executor is shut down with the harness). */
  static Harness withHandlerThreads(long seed, ReliableUdpConfig config) {
    ExecutorService handlers =
        Executors.newCachedThreadPool(
            Thread.ofPlatform().daemon().name("test-handler-", 0).factory());
    Harness harness = new Harness(seed, config, handlers);
    harness.executors.add(handlers);
    return harness;
  }

  Harness(long seed, ReliableUdpConfig config, Executor handlerExecutor) {
    network = new LossyNetwork(seed, scheduler);
    transport =
        new ReliableUdpTransport(
            config,
            HostResolver.system(),
            network::bind,
            clock,
            scheduler,
            new Random(seed),
            handlerExecutor);
  }

  ReliableUdpServer serve(RequestHandler handler) throws IOException {
    ReliableUdpServer server = transport.serve(SERVER, handler);
    opened.add(server);
    return server;
  }

  ReliableUdpChannel open() throws IOException {
    ReliableUdpChannel channel = transport.open(SERVER);
    opened.add(channel);
    return channel;
  }

  /**
   * Lets the network and its readers settle, then jumps fake time to the next timer, until {@code
   * done} holds; fails if it does not within {@code maxSteps} timer events.
   */
  void pump(BooleanSupplier done, int maxSteps) throws InterruptedException {
    for (int step = 0; step < maxSteps; step++) {
      if (done.getAsBoolean()) {
        return;
      }
      // The last reply's reader (a caller receiving for itself) may not come back to the socket
      // once its call is done, so "done" also ends the wait.
      long settle = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (!network.awaitIdle(Duration.ofMillis(10))) {
        if (done.getAsBoolean()) {
          return;
        }
        assertTrue(System.nanoTime() < settle, "network never settled");
      }
      if (done.getAsBoolean()) {
        return;
      }
      // A caller may have sent without arming its timer yet (or be about to return): never move
      // time past it.
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (!scheduler.awaitPending(1, Duration.ofMillis(10))) {
        if (done.getAsBoolean()) {
          return;
        }
        assertTrue(System.nanoTime() < deadline, "nothing scheduled, not done");
      }
      while (!network.awaitIdle(Duration.ofMillis(10))) {
        if (done.getAsBoolean()) {
          return;
        }
        assertTrue(System.nanoTime() < deadline, "network never settled");
      }
      scheduler.advance(scheduler.nextDue().orElse(Duration.ofMillis(10)));
    }
    assertTrue(done.getAsBoolean(), "not done after " + maxSteps + " timer events");
  }

  /** Calls on a caller thread; closing the harness fails calls still waiting. */
  CompletableFuture<byte[]> callAsync(ReliableUdpChannel channel, byte[] request) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return channel.call(request, Duration.ZERO);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        },
        callers);
  }

  @Override
  public void close() throws Exception {
    for (AutoCloseable closeable : opened) {
      closeable.close();
    }
    for (ExecutorService executor : executors) {
      executor.shutdownNow();
      assertTrue(
          executor.awaitTermination(10, TimeUnit.SECONDS), "threads still running after close");
    }
  }
}
