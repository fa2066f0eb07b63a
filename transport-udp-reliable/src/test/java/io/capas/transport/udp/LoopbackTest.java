package io.capas.transport.udp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.base.Ticker;
import io.capas.transport.DatagramEndpoint;
import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.MessageTransport;
import io.capas.transport.RequestChannel;
import io.capas.transport.Server;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** Real sockets on loopback. */
class LoopbackTest {
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  /** Gives up on a silent server within about 0.2 s. */
  private static final ReliableUdpConfig QUICK =
      ReliableUdpConfig.builder()
          .initialWait(Duration.ofMillis(20))
          .maxWait(Duration.ofMillis(80))
          .build();

  private final ReliableUdpTransport udp =
      new ReliableUdpTransport(ReliableUdpConfig.defaults(), HostResolver.system());

  private static Endpoint loopback(Server server) {
    return Endpoint.of("127.0.0.1", server.address().getPort());
  }

  @Test
  void uppercaseServiceAnswersOverTheSpi() throws Exception {
    MessageTransport transport = udp;
    try (Server server = transport.serve(Endpoint.of("127.0.0.1", 0), new UppercaseService());
        RequestChannel channel = transport.open(loopback(server))) {
      assertTrue(server.address().getPort() > 0);
      assertEquals(
          "HOLA MUNDO", new String(channel.call("hola mundo".getBytes(UTF_8), DEADLINE), UTF_8));
      assertEquals("", new String(channel.call(new byte[0], DEADLINE), UTF_8));
    }
  }

  /**
   * The slow-handler test of every TCP model, here: while four requests sit in a 2-second handler,
   * a quick request from another client is answered in under 100 ms (best of three), and the four
   * end together. Handlers run off the receive thread, a virtual thread each.
   */
  @Test
  void slowHandlersDelayNoOtherRequest() throws Exception {
    int slowCalls = 4;
    long slowMillis = 2_000;
    CountDownLatch entered = new CountDownLatch(slowCalls);
    try (Server server =
            udp.serve(
                Endpoint.of("127.0.0.1", 0),
                (bytes, from) -> {
                  if (bytes.length > 0 && bytes[0] == 's') {
                    entered.countDown();
                    Thread.sleep(slowMillis);
                  }
                  return bytes;
                });
        ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
      try (RequestChannel warm = udp.open(loopback(server))) {
        assertArrayEquals(new byte[] {'q'}, warm.call(new byte[] {'q'}, DEADLINE));
      }
      long started = System.nanoTime();
      List<Future<byte[]>> slow = new ArrayList<>();
      List<RequestChannel> channels = new ArrayList<>();
      try {
        for (int i = 0; i < slowCalls; i++) {
          RequestChannel channel = udp.open(loopback(server));
          channels.add(channel);
          slow.add(callers.submit(() -> channel.call(new byte[] {'s'}, DEADLINE)));
        }
        assertTrue(entered.await(30, TimeUnit.SECONDS), "slow requests never started");
        long best = Long.MAX_VALUE;
        for (int attempt = 0; attempt < 3; attempt++) {
          long t0 = System.nanoTime();
          try (RequestChannel quick = udp.open(loopback(server))) {
            assertArrayEquals(new byte[] {'q'}, quick.call(new byte[] {'q'}, DEADLINE));
          }
          best = Math.min(best, System.nanoTime() - t0);
        }
        assertTrue(slow.stream().noneMatch(Future::isDone), "the slow requests ended too soon");
        assertTrue(best < TimeUnit.MILLISECONDS.toNanos(100), "quick took " + best / 1_000_000);
        for (Future<byte[]> answer : slow) {
          assertArrayEquals(new byte[] {'s'}, answer.get(30, TimeUnit.SECONDS));
        }
        long all = System.nanoTime() - started;
        assertTrue(
            all < TimeUnit.MILLISECONDS.toNanos(2 * slowMillis),
            "the slow requests took " + all / 1_000_000 + " ms together");
      } finally {
        for (RequestChannel channel : channels) {
          channel.close();
        }
      }
    }
  }

  @Test
  void movesOneMebibyteEachWay() throws Exception {
    byte[] request = new byte[1 << 20];
    new Random(1).nextBytes(request);
    try (Server server = udp.serve(Endpoint.of("127.0.0.1", 0), (bytes, from) -> bytes);
        RequestChannel channel = udp.open(loopback(server))) {
      assertArrayEquals(request, channel.call(request, DEADLINE));
    }
  }

  @Test
  void manyConcurrentCallsShareOneChannelAndEachRunsOnce() throws Exception {
    AtomicInteger executions = new AtomicInteger();
    try (Server server =
            udp.serve(
                Endpoint.of("127.0.0.1", 0),
                (bytes, from) -> {
                  executions.incrementAndGet();
                  return new UppercaseService().handle(bytes, from);
                });
        RequestChannel channel = udp.open(loopback(server));
        ExecutorService callers = Executors.newFixedThreadPool(8)) {
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        String text = "call " + i;
        answers.add(
            callers.submit(() -> new String(channel.call(text.getBytes(UTF_8), DEADLINE), UTF_8)));
      }
      for (int i = 0; i < answers.size(); i++) {
        assertEquals("CALL " + i, answers.get(i).get(60, TimeUnit.SECONDS));
      }
      assertEquals(400, executions.get());
    }
  }

  @Test
  void silentServerGivesServerUnreachableWithAttemptsAndTime() throws Exception {
    ReliableUdpTransport quick = new ReliableUdpTransport(QUICK, HostResolver.system());
    int port;
    try (Server server = quick.serve(Endpoint.of("127.0.0.1", 0), (bytes, from) -> bytes)) {
      port = server.address().getPort();
    }
    try (RequestChannel channel = quick.open(Endpoint.of("127.0.0.1", port))) {
      ServerUnreachableException e =
          assertThrows(ServerUnreachableException.class, () -> channel.call(new byte[4], DEADLINE));
      assertEquals(3, e.attempts()); // 20, 40, 80 ms; 160 would pass 80
      assertTrue(e.elapsed().compareTo(Duration.ofMillis(140)) >= 0, e.getMessage());
      assertInstanceOf(IOException.class, e);
    }
  }

  @Test
  void callerDeadlinePassesWhileTheHandlerRunsAndTheServerKeepsSayingSo() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    ReliableUdpTransport quick = new ReliableUdpTransport(QUICK, HostResolver.system());
    try (Server server =
            quick.serve(
                Endpoint.of("127.0.0.1", 0),
                (bytes, from) -> {
                  release.await(30, TimeUnit.SECONDS);
                  return bytes;
                });
        RequestChannel channel = quick.open(loopback(server))) {
      // Far longer than the 0.14 s after which a silent server is given up: "still running"
      // answers keep the call alive until the caller's own deadline.
      SocketTimeoutException e =
          assertThrows(
              SocketTimeoutException.class,
              () -> channel.call(new byte[4], Duration.ofMillis(1500)));
      assertTrue(e.getMessage().contains("1500 ms"), e.getMessage());
      release.countDown();
    }
  }

  @Test
  void oversizedRequestIsRefusedBeforeSending() throws Exception {
    ReliableUdpTransport small =
        new ReliableUdpTransport(
            ReliableUdpConfig.builder().maxMessageSize(1000).build(), HostResolver.system());
    try (Server server = small.serve(Endpoint.of("127.0.0.1", 0), (bytes, from) -> bytes);
        RequestChannel channel = small.open(loopback(server))) {
      MessageTooLargeException e =
          assertThrows(
              MessageTooLargeException.class, () -> channel.call(new byte[1001], DEADLINE));
      assertTrue(e.getMessage().contains("1001"), e.getMessage());
      assertEquals(1000, channel.call(new byte[1000], DEADLINE).length);
    }
  }

  @Test
  void serverWithASmallerLimitFailsTheCallAtOnce() throws Exception {
    ReliableUdpTransport small =
        new ReliableUdpTransport(
            ReliableUdpConfig.builder().maxMessageSize(1000).build(), HostResolver.system());
    try (Server server = small.serve(Endpoint.of("127.0.0.1", 0), (bytes, from) -> bytes);
        RequestChannel channel = udp.open(loopback(server))) {
      IOException e = assertThrows(IOException.class, () -> channel.call(new byte[5000], DEADLINE));
      assertTrue(e.getMessage().contains("exceeds the limit of 1000"), e.getMessage());
    }
  }

  @Test
  void failingHandlerGivesAnIoExceptionWithoutDetails() throws Exception {
    try (Server server =
            udp.serve(
                Endpoint.of("127.0.0.1", 0),
                (bytes, from) -> {
                  throw new IllegalStateException("secret internals");
                });
        RequestChannel channel = udp.open(loopback(server))) {
      IOException e = assertThrows(IOException.class, () -> channel.call(new byte[1], DEADLINE));
      assertTrue(e.getMessage().contains("handler failed"), e.getMessage());
      assertTrue(!e.getMessage().contains("secret"), e.getMessage());
    }
  }

  /**
   * An Error from a handler (a recursion too deep, memory exhausted) is one failed call, not a
   * request left "still running" until the caller's deadline, and the server goes on serving.
   */
  @Test
  void handlerThrowingAnErrorFailsThatCallAndTheServerGoesOn() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (Server server =
            udp.serve(
                Endpoint.of("127.0.0.1", 0),
                (bytes, from) ->
                    switch (calls.incrementAndGet()) {
                      case 1 -> throw new StackOverflowError();
                      case 2 -> throw new OutOfMemoryError("Java heap space");
                      default -> bytes;
                    });
        RequestChannel channel = udp.open(loopback(server))) {
      for (int i = 0; i < 2; i++) {
        IOException e = assertThrows(IOException.class, () -> channel.call(new byte[1], DEADLINE));
        assertInstanceOf(IOException.class, e);
        assertTrue(e.getMessage().contains("handler failed"), e.getMessage());
      }
      assertArrayEquals(new byte[] {7}, channel.call(new byte[] {7}, DEADLINE));
    }
  }

  @Test
  void closingTheChannelFailsCallsInFlightAndMayBeRepeated() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (Server server =
            udp.serve(
                Endpoint.of("127.0.0.1", 0),
                (bytes, from) -> {
                  release.await(30, TimeUnit.SECONDS);
                  return bytes;
                });
        ExecutorService callers = Executors.newSingleThreadExecutor()) {
      RequestChannel channel = udp.open(loopback(server));
      Future<byte[]> call = callers.submit(() -> channel.call(new byte[1], DEADLINE));
      assertTrue(waitFor(() -> server.activeConnections() == 1), "request never arrived");
      channel.close();
      channel.close();
      ExecutionException e =
          assertThrows(ExecutionException.class, () -> call.get(30, TimeUnit.SECONDS));
      assertInstanceOf(IOException.class, e.getCause());
      assertThrows(IllegalStateException.class, () -> channel.call(new byte[1], DEADLINE));
      release.countDown();
      server.shutdown(Duration.ofSeconds(10));
      assertEquals(0, server.activeConnections());
      server.close();
    }
  }

  @Test
  void discoveryFindsServersThatAnswerABroadcastOnLoopback() throws Exception {
    DatagramEndpointFactory shared = DatagramEndpointFactory.shared();
    try (Discovery.Responder first =
            Discovery.respond(shared.open(new InetSocketAddress(0)), "upper", 7001);
        Discovery.Responder second =
            Discovery.respond(
                shared.open(new InetSocketAddress(first.address().getPort())), "upper", 7002);
        Discovery.Responder other =
            Discovery.respond(
                shared.open(new InetSocketAddress(first.address().getPort())), "echo", 7003);
        DatagramEndpoint client =
            DatagramEndpointFactory.system()
                .open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      int port = first.address().getPort();
      List<DiscoveredService> found =
          Discovery.discover(
              client,
              new InetSocketAddress("127.255.255.255", port),
              "upper",
              Duration.ofMillis(500),
              Ticker.systemTicker(),
              new Random());
      assertEquals(
          Set.of(
              new DiscoveredService(
                  "upper", new InetSocketAddress(InetAddress.getLoopbackAddress(), 7001)),
              new DiscoveredService(
                  "upper", new InetSocketAddress(InetAddress.getLoopbackAddress(), 7002))),
          Set.copyOf(found));

      List<DiscoveredService> any =
          Discovery.discover(
              client,
              new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
              "",
              Duration.ofMillis(500),
              Ticker.systemTicker(),
              new Random());
      assertTrue(any.size() >= 1 && any.size() <= 3, any.toString());
    }
  }

  private static boolean waitFor(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    Object lock = new Object();
    synchronized (lock) {
      while (!condition.getAsBoolean()) {
        if (System.nanoTime() > deadline) {
          return false;
        }
        lock.wait(5);
      }
    }
    return true;
  }
}
