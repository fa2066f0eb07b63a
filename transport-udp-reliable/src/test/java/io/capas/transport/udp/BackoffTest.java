package io.capas.transport.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.util.concurrent.MoreExecutors;
import io.capas.testing.transport.FakeClock;
import io.capas.testing.transport.FakeScheduler;
import io.capas.testing.transport.LossyNetwork;
import io.capas.transport.Datagram;
import io.capas.transport.DatagramEndpoint;
import io.capas.transport.HostResolver;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The client's resend schedule against a server that never answers. */
class BackoffTest {

  private static List<Long> sendTimesMillis(Harness harness) {
    return harness.network.sentTo(Harness.SERVER).stream()
        .map(sent -> TimeUnit.NANOSECONDS.toMillis(sent.nanos()))
        .toList();
  }

  private static CompletableFuture<byte[]> callInBackground(ReliableUdpChannel channel) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return channel.call("hola".getBytes(StandardCharsets.US_ASCII), Duration.ZERO);
          } catch (IOException e) {
            throw new CompletionException(e);
          }
        });
  }

  private static Throwable failure(CompletableFuture<byte[]> call) throws Exception {
    try {
      byte[] unexpected = call.get(20, TimeUnit.SECONDS);
      throw new AssertionError("call succeeded: " + unexpected.length + " bytes");
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }

  @Test
  void resendsAfter100msThenDoublesAndGivesUpWhenTheNextWaitWouldPass2s() throws Exception {
    ReliableUdpConfig config = ReliableUdpConfig.builder().jitter(0).build();
    try (Harness harness = new Harness(1, config)) {
      ReliableUdpChannel channel = harness.open();
      CompletableFuture<byte[]> call = callInBackground(channel);
      assertTrue(harness.network.awaitSent(1, Duration.ofSeconds(20)));
      assertTrue(harness.scheduler.awaitPending(1, Duration.ofSeconds(20)));

      harness.scheduler.advance(Duration.ofMillis(3099));
      assertEquals(List.of(0L, 100L, 300L, 700L, 1500L), sendTimesMillis(harness));
      assertTrue(!call.isDone(), "gave up before the last wait ended");

      harness.scheduler.advance(Duration.ofMillis(1));
      ServerUnreachableException e =
          assertInstanceOf(ServerUnreachableException.class, failure(call));
      assertEquals(5, e.attempts());
      assertEquals(Duration.ofMillis(3100), e.elapsed());
      assertTrue(e.getMessage().contains("5 attempts over 3100 ms"), e.getMessage());
      assertEquals(5, harness.network.sentTo(Harness.SERVER).size(), "sent again after giving up");
      assertEquals(0, channel.inFlight());
    }
  }

  @Test
  void jitterStretchesEachWaitWithinBoundsAndFollowsTheSeed() throws Exception {
    ReliableUdpConfig config = ReliableUdpConfig.builder().jitter(0.5).build();
    List<Long> first = null;
    for (int run = 0; run < 2; run++) {
      try (Harness harness = new Harness(42, config)) {
        CompletableFuture<byte[]> call = callInBackground(harness.open());
        assertTrue(harness.network.awaitSent(1, Duration.ofSeconds(20)));
        assertTrue(harness.scheduler.awaitPending(1, Duration.ofSeconds(20)));
        harness.scheduler.advance(Duration.ofSeconds(10));
        assertInstanceOf(ServerUnreachableException.class, failure(call));

        List<Long> nanos =
            harness.network.sentTo(Harness.SERVER).stream().map(LossyNetwork.Sent::nanos).toList();
        assertEquals(5, nanos.size());
        long nominal = TimeUnit.MILLISECONDS.toNanos(100);
        for (int i = 1; i < nanos.size(); i++, nominal *= 2) {
          long gap = nanos.get(i) - nanos.get(i - 1);
          assertTrue(gap >= nominal && gap < nominal * 3 / 2, "wait " + i + " was " + gap + " ns");
        }
        if (first == null) {
          first = nanos;
          assertNotEquals(
              List.of(0L, 100L, 300L, 700L, 1500L), sendTimesMillis(harness), "no jitter at all");
        } else {
          assertEquals(first, nanos, "same seed, different schedule");
        }
      }
    }
  }

  @Test
  void configurableScheduleChangesAttemptsAndGiveUpTime() throws Exception {
    ReliableUdpConfig config =
        ReliableUdpConfig.builder()
            .jitter(0)
            .initialWait(Duration.ofMillis(50))
            .multiplier(3)
            .maxWait(Duration.ofMillis(500))
            .build();
    assertEquals(3, config.maxAttempts()); // 50, 150, 450; 1350 would pass 500
    try (Harness harness = new Harness(3, config)) {
      CompletableFuture<byte[]> call = callInBackground(harness.open());
      assertTrue(harness.network.awaitSent(1, Duration.ofSeconds(20)));
      assertTrue(harness.scheduler.awaitPending(1, Duration.ofSeconds(20)));
      harness.scheduler.advance(Duration.ofSeconds(5));
      ServerUnreachableException e =
          assertInstanceOf(ServerUnreachableException.class, failure(call));
      assertEquals(List.of(0L, 50L, 200L), sendTimesMillis(harness));
      assertEquals(Duration.ofMillis(650), e.elapsed());
    }
  }

  @Test
  void callerDeadlineShorterThanTheScheduleGivesSocketTimeout() throws Exception {
    try (Harness harness = new Harness(4, ReliableUdpConfig.builder().jitter(0).build())) {
      ReliableUdpChannel channel = harness.open();
      CompletableFuture<byte[]> call =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return channel.call(new byte[8], Duration.ofMillis(250));
                } catch (IOException e) {
                  throw new CompletionException(e);
                }
              });
      assertTrue(harness.network.awaitSent(1, Duration.ofSeconds(20)));
      assertTrue(harness.scheduler.awaitPending(1, Duration.ofSeconds(20)));
      harness.scheduler.advance(Duration.ofSeconds(1));
      assertInstanceOf(SocketTimeoutException.class, failure(call));
      assertEquals(List.of(0L, 100L), sendTimesMillis(harness));
    }
  }

  /**
   * The first wait counts from the first send: a timer armed before the request went out could fire
   * while it is still on its way (a slow send, or a test moving fake time), resend at once, and the
   * server's replay limit then refuses that duplicate, costing the call a whole extra wait.
   */
  @Test
  void firstWaitStartsWhenTheRequestHasBeenSentNotBefore() throws Exception {
    FakeClock clock = new FakeClock();
    FakeScheduler scheduler = new FakeScheduler(clock);
    LossyNetwork network = new LossyNetwork(10, scheduler);
    CountDownLatch sending = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean first = new AtomicBoolean();
    DatagramEndpointFactory slowFirstSend =
        local -> {
          DatagramEndpoint inner = network.bind(local);
          return new DatagramEndpoint() {
            @Override
            public void send(byte[] data, InetSocketAddress to) throws IOException {
              if (first.compareAndSet(false, true)) {
                sending.countDown();
                try {
                  if (!release.await(20, TimeUnit.SECONDS)) {
                    throw new IOException("never released");
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  throw new InterruptedIOException("interrupted");
                }
              }
              inner.send(data, to);
            }

            @Override
            public Datagram receive(Duration timeout) throws IOException {
              return inner.receive(timeout);
            }

            @Override
            public InetSocketAddress localAddress() {
              return inner.localAddress();
            }

            @Override
            public void close() {
              inner.close();
            }
          };
        };
    ReliableUdpTransport transport =
        new ReliableUdpTransport(
            ReliableUdpConfig.builder().jitter(0).build(),
            HostResolver.system(),
            slowFirstSend,
            clock,
            scheduler,
            new Random(10),
            MoreExecutors.directExecutor());
    try (ReliableUdpChannel channel = transport.open(Harness.SERVER)) {
      CompletableFuture<byte[]> call = callInBackground(channel);
      try {
        assertTrue(sending.await(20, TimeUnit.SECONDS), "the request was never sent");
        // Time passes while the first request is still on its way out.
        scheduler.advance(Duration.ofMillis(100));
      } finally {
        release.countDown();
      }
      assertTrue(network.awaitSent(1, Duration.ofSeconds(20)));
      assertTrue(scheduler.awaitPending(1, Duration.ofSeconds(20)));
      scheduler.advance(Duration.ofMillis(100));
      assertEquals(
          List.of(100L, 200L),
          network.sentTo(Harness.SERVER).stream()
              .map(sent -> TimeUnit.NANOSECONDS.toMillis(sent.nanos()))
              .toList(),
          "the first wait must count from the first send");
      channel.close();
      assertInstanceOf(IOException.class, failure(call));
    }
  }

  @Test
  void retentionMustExceedTheRetrySpan() {
    ReliableUdpConfig defaults = ReliableUdpConfig.defaults();
    assertEquals(5, defaults.maxAttempts());
    assertEquals(Duration.ofMillis(3720), defaults.retrySpan()); // 3.1 s, all jitter
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ReliableUdpConfig.builder().replyRetention(Duration.ofSeconds(3)).build());
    assertTrue(e.getMessage().contains("retry span"), e.getMessage());
  }
}
