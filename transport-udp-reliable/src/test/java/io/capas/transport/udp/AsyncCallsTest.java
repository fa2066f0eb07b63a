package io.capas.transport.udp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.RequestChannel;
import io.capas.transport.Server;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link RequestChannel#callAsync} on a reliable UDP channel: the caller sends and returns, the
 * channel's receiver completes the calls, each runs once, deadlines and cancellation hold.
 */
@Timeout(60)
class AsyncCallsTest {
  private static final Duration DEADLINE = Duration.ofSeconds(20);

  private final ReliableUdpTransport udp =
      new ReliableUdpTransport(ReliableUdpConfig.defaults(), HostResolver.system());

  private static Endpoint loopback(Server server) {
    return Endpoint.of("127.0.0.1", server.address().getPort());
  }

  @Test
  void manyCallsInFlightFromOneThreadEachAnsweredOnce() throws Exception {
    AtomicInteger executions = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    try (Server server =
            udp.serve(
                Endpoint.of("127.0.0.1", 0),
                (bytes, from) -> {
                  executions.incrementAndGet();
                  release.await(30, TimeUnit.SECONDS);
                  return new String(bytes, UTF_8).toUpperCase(Locale.ROOT).getBytes(UTF_8);
                });
        RequestChannel channel = udp.open(loopback(server))) {
      List<CompletableFuture<byte[]>> calls = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        calls.add(channel.callAsync(("call " + i).getBytes(UTF_8), DEADLINE));
      }
      // All sent by this one thread, none answered yet: no thread waits for any of them.
      assertTrue(calls.stream().noneMatch(CompletableFuture::isDone));
      release.countDown();
      for (int i = 0; i < calls.size(); i++) {
        assertEquals("CALL " + i, new String(calls.get(i).get(30, TimeUnit.SECONDS), UTF_8));
      }
      assertEquals(300, executions.get());
    }
  }

  @Test
  void theDeadlineFailsAnAsyncCallAndCancellationGivesOneUp() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (Server server =
            udp.serve(
                Endpoint.of("127.0.0.1", 0),
                (bytes, from) -> {
                  release.await(30, TimeUnit.SECONDS);
                  return bytes;
                });
        RequestChannel channel = udp.open(loopback(server))) {
      long start = System.nanoTime();
      CompletableFuture<byte[]> late = channel.callAsync(new byte[] {1}, Duration.ofMillis(300));
      ExecutionException e =
          assertThrows(ExecutionException.class, () -> late.get(10, TimeUnit.SECONDS));
      assertInstanceOf(SocketTimeoutException.class, e.getCause());
      assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
      CompletableFuture<byte[]> given = channel.callAsync(new byte[] {2}, DEADLINE);
      assertTrue(given.cancel(true));
      assertThrows(CancellationException.class, given::join);
      release.countDown();
      assertEquals(3, channel.callAsync(new byte[] {3}, DEADLINE).get(30, TimeUnit.SECONDS)[0]);
    }
  }
}
