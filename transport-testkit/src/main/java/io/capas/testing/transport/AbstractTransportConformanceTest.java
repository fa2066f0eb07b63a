package io.capas.testing.transport;

import static io.capas.testing.transport.ConformanceSessions.echo;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.capas.transport.Connection;
import io.capas.transport.Endpoint;
import io.capas.transport.Server;
import io.capas.transport.SessionFactory;
import io.capas.transport.Transport;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The contract of a {@link Transport}, written once: every transport (TCP under each server model,
 * in memory) has a short subclass that supplies instances, and is done when it passes.
 *
 * <p>Split by concern into nested classes: data, timeouts, lifecycle, server limits and shutdown,
 * errors, addressing. Every wait has a generous deadline ({@link #WAIT}), so a loaded machine slows
 * the suite down rather than failing it.
 */
public abstract class AbstractTransportConformanceTest {

  /** The deadline of every wait that should succeed. */
  protected static final Duration WAIT = Duration.ofSeconds(30);

  private static final String LOOPBACK = "127.0.0.1";

  /** Kept-alive idle connections while one more client must be answered. */
  private static final int IDLE_CONNECTIONS = 16;

  /** How soon a client that should not wait behind idle connections is answered (generous). */
  private static final Duration PROMPTLY = Duration.ofSeconds(5);

  /** Failing connections per test, one after another. */
  private static final int FAILING_CONNECTIONS = 3;

  private final Deque<AutoCloseable> resources = new ArrayDeque<>();
  private final List<CountDownLatch> releaseOnTearDown = new ArrayList<>();

  /** The transport of the current test, made by {@link #newTransport()}. */
  protected Transport transport;

  /**
   * A fresh transport whose servers hold at most {@code maxConnections} connections at once ({@link
   * Integer#MAX_VALUE}: no limit of the suite's own).
   */
  protected abstract Transport newTransport(int maxConnections);

  /** A fresh transport with no connection limit. */
  protected Transport newTransport() {
    return newTransport(Integer.MAX_VALUE);
  }

  /**
   * True when a connection past the server's maximum fails inside {@code connect} instead of
   * connecting and then seeing end of stream: a TLS client shakes hands in {@code connect}.
   */
  protected boolean refusesPastTheMaximumInConnect() {
    return false;
  }

  /**
   * Where the suite's servers listen: a free loopback port by default; a transport with other
   * addresses (a Unix socket path) overrides this, {@link #endpointOf} and {@link #endpointByName}.
   */
  protected Endpoint listenEndpoint() {
    return Endpoint.of(LOOPBACK, 0);
  }

  /** Where clients reach {@code server}: its port on loopback by default. */
  protected Endpoint endpointOf(Server server) {
    return Endpoint.of(LOOPBACK, server.address().getPort());
  }

  /** {@code server} by name: its port on {@code localhost} by default. */
  protected Endpoint endpointByName(Server server) {
    return Endpoint.of("localhost", server.address().getPort());
  }

  @BeforeEach
  void createTransport() {
    transport = newTransport();
  }

  @AfterEach
  void closeResources() throws Exception {
    releaseOnTearDown.forEach(CountDownLatch::countDown);
    Exception first = null;
    while (!resources.isEmpty()) {
      try {
        resources.pop().close();
      } catch (Exception e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /** Closes {@code resource} after the test, in reverse order of registration. */
  protected final <T extends AutoCloseable> T closeLater(T resource) {
    resources.push(resource);
    return resource;
  }

  /** Serves {@code sessions} on a free loopback port; closed after the test. */
  protected final Server serve(Transport on, SessionFactory sessions) throws IOException {
    return closeLater(on.serve(listenEndpoint(), sessions));
  }

  /** Connects to {@code server}; every read is bounded by {@link #WAIT}; closed after the test. */
  protected final Connection connect(Transport on, Server server) throws IOException {
    Connection connection = closeLater(on.connect(endpointOf(server), WAIT));
    connection.readTimeout(WAIT);
    return connection;
  }

  private static void assertEchoes(Connection connection, String text) throws IOException {
    connection.sendAll(text.getBytes(US_ASCII));
    assertEquals(text, new String(connection.receiveExactly(text.length()), US_ASCII));
  }

  /** Reads to the end: true at end of stream or a failed read (reset), never a hang. */
  private static boolean seesEndOfStream(Connection connection) {
    try {
      InputStream in = connection.input();
      for (int i = 0; i < 1_000_000; i++) {
        if (in.read() < 0) {
          return true;
        }
      }
      return false;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }

  /** Waits for {@code condition}, checking it every few milliseconds, until {@code timeout}. */
  protected static void await(String what, BooleanSupplier condition, Duration timeout) {
    Waiting.await(what, condition, timeout);
  }

  private static <T> T within(Future<T> future) throws Exception {
    return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static <T> CompletableFuture<T> async(Callable<T> task) {
    CompletableFuture<T> future = new CompletableFuture<>();
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                future.complete(task.call());
              } catch (Throwable e) {
                future.completeExceptionally(e);
              }
            });
    return future;
  }

  @Nested
  class Data {

    @Test
    void echoesASmallPayload() throws IOException {
      Server server = serve(transport, echo());
      assertEchoes(connect(transport, server), "hola");
    }

    @Test
    void echoesOneMebibyteWhileStillSending() throws Exception {
      Server server = serve(transport, echo());
      Connection connection = connect(transport, server);
      byte[] payload = new byte[1 << 20];
      new Random(42).nextBytes(payload);
      CompletableFuture<Void> sent =
          async(
              () -> {
                connection.sendAll(payload);
                return null;
              });
      assertArrayEquals(payload, connection.receiveExactly(payload.length));
      within(sent);
    }

    @Test
    void servesTwoHundredConcurrentConnections() throws Exception {
      Server server = serve(transport, echo());
      int count = 200;
      try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
        List<Future<String>> replies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
          String message = String.format("client %04d", i);
          replies.add(
              clients.submit(
                  () -> {
                    try (Connection c = transport.connect(endpointOf(server), WAIT)) {
                      c.readTimeout(WAIT);
                      c.sendAll(message.getBytes(US_ASCII));
                      return new String(c.receiveExactly(message.length()), US_ASCII);
                    }
                  }));
        }
        for (int i = 0; i < count; i++) {
          assertEquals(String.format("client %04d", i), within(replies.get(i)));
        }
      }
    }

    @Test
    void peerCloseIsSeenAsEndOfStream() throws IOException {
      Server server = serve(transport, ConformanceSessions.replyThenClose("bye"));
      Connection connection = connect(transport, server);
      connection.sendAll(new byte[] {'x'});
      assertEquals("bye", new String(connection.receiveExactly(3), US_ASCII));
      assertEquals(-1, connection.input().read());
      assertEquals(0, connection.receiveSome(10).length);
    }

    @Test
    void clientHalfCloseReachesTheSessionWhichMayStillWrite() throws IOException {
      Server server = serve(transport, ConformanceSessions.countUntilEndOfStream());
      Connection connection = connect(transport, server);
      connection.sendAll(new byte[12_345]);
      connection.shutdownOutput();
      assertEquals("count 12345", new String(connection.input().readAllBytes(), US_ASCII));
    }

    @Test
    void sessionIsToldOnceWhenTheClientCloses() throws Exception {
      AtomicInteger closes = new AtomicInteger();
      CountDownLatch closed = new CountDownLatch(1);
      Server server = serve(transport, ConformanceSessions.closeCounting(closes, closed));
      Connection connection = connect(transport, server);
      assertEchoes(connection, "ping");
      connection.close();
      assertTrue(closed.await(WAIT.toSeconds(), TimeUnit.SECONDS));
      assertEquals(1, closes.get());
      await("the connection to be unregistered", () -> server.activeConnections() == 0, WAIT);
    }
  }

  @Nested
  class Timeouts {

    @Test
    void clientReadTimeoutFiresWithinBounds() throws IOException {
      Server server = serve(transport, ConformanceSessions.countUntilEndOfStream());
      Connection connection = connect(transport, server);
      connection.readTimeout(Duration.ofMillis(300));
      long start = System.nanoTime();
      assertThrows(SocketTimeoutException.class, () -> connection.receiveExactly(1));
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(millis >= 250, "fired after " + millis + " ms");
      assertTrue(millis < WAIT.toMillis(), "fired after " + millis + " ms");
    }

    @Test
    void connectionStaysUsableAfterAReadTimeout() throws IOException {
      Server server = serve(transport, echo());
      Connection connection = connect(transport, server);
      connection.readTimeout(Duration.ofMillis(100));
      assertThrows(SocketTimeoutException.class, () -> connection.receiveSome(1));
      connection.readTimeout(WAIT);
      assertEchoes(connection, "still here");
    }

    @Test
    void sessionReadTimeoutReachesTheSession() throws IOException {
      Server server = serve(transport, ConformanceSessions.timeoutReporter(Duration.ofMillis(200)));
      Connection connection = connect(transport, server);
      long start = System.nanoTime();
      assertEquals("T", new String(connection.receiveExactly(1), US_ASCII));
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(millis >= 150, "fired after " + millis + " ms");
      assertTrue(seesEndOfStream(connection));
    }

    @Test
    void dataPostponesTheSessionReadTimeout() throws IOException {
      Server server = serve(transport, ConformanceSessions.timeoutReporter(Duration.ofSeconds(5)));
      Connection connection = connect(transport, server);
      assertEchoes(connection, "one");
      assertEchoes(connection, "two");
    }
  }

  @Nested
  class Lifecycle {

    @Test
    void closingTwiceIsHarmless() throws IOException {
      Server server = serve(transport, echo());
      Connection connection = connect(transport, server);
      assertEchoes(connection, "x");
      connection.close();
      connection.close();
      assertThrows(IOException.class, () -> connection.sendAll(new byte[1 << 20]));
      server.close();
      server.close();
    }

    @Test
    void closeWakesABlockedReader() throws Exception {
      Server server = serve(transport, ConformanceSessions.countUntilEndOfStream());
      Connection connection = connect(transport, server);
      CompletableFuture<byte[]> reader = async(() -> connection.receiveSome(10));
      assertThrows(TimeoutException.class, () -> reader.get(100, TimeUnit.MILLISECONDS));
      connection.close();
      try {
        byte[] got = within(reader);
        fail("the woken reader returned " + got.length + " bytes instead of failing");
      } catch (ExecutionException e) {
        assertInstanceOf(IOException.class, e.getCause(), e.toString());
      }
    }

    @Test
    void closingTheServerClosesItsConnections() throws IOException {
      Server server = serve(transport, echo());
      Connection connection = connect(transport, server);
      assertEchoes(connection, "x");
      server.close();
      assertTrue(seesEndOfStream(connection));
    }

    @Test
    void secondConnectionWhileTheFirstIsOpen() throws IOException {
      Server server = serve(transport, echo());
      Connection first = connect(transport, server);
      assertEchoes(first, "first");
      Connection second = connect(transport, server);
      assertEchoes(second, "second");
      await("two active connections", () -> server.activeConnections() == 2, WAIT);
      first.close();
      await("one active connection", () -> server.activeConnections() == 1, WAIT);
    }
  }

  @Nested
  class ServerLimits {

    @Test
    void closesConnectionsPastTheMaximumAndKeepsServing() throws IOException {
      Transport limited = newTransport(2);
      Server server = serve(limited, echo());
      Connection first = connect(limited, server);
      Connection second = connect(limited, server);
      assertEchoes(first, "one");
      assertEchoes(second, "two");
      if (refusesPastTheMaximumInConnect()) {
        assertThrows(IOException.class, () -> connect(limited, server));
      } else {
        Connection third = connect(limited, server);
        assertTrue(seesEndOfStream(third), "the third connection was not closed");
      }
      assertEquals(2, server.activeConnections());
      first.close();
      await("a free slot", () -> server.activeConnections() < 2, WAIT);
      assertEchoes(connect(limited, server), "four");
      assertEchoes(second, "still two");
    }

    @Test
    void gracefulShutdownLetsInFlightWorkFinish() throws Exception {
      CountDownLatch started = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      releaseOnTearDown.add(release);
      Server server = serve(transport, ConformanceSessions.slow(started, release));
      Connection busy = connect(transport, server);
      Connection idle = connect(transport, server);
      assertEchoes(idle, "idle");
      busy.sendAll("slow".getBytes(US_ASCII));
      assertTrue(started.await(WAIT.toSeconds(), TimeUnit.SECONDS));
      CompletableFuture<Void> shutdown =
          async(
              () -> {
                server.shutdown(WAIT);
                return null;
              });
      assertTrue(seesEndOfStream(idle), "an idle connection stayed open during shutdown");
      assertFalse(shutdown.isDone(), "shutdown returned while work was in flight");
      release.countDown();
      assertEquals("done", new String(busy.receiveExactly(4), US_ASCII));
      assertTrue(seesEndOfStream(busy));
      within(shutdown);
      assertEquals(0, server.activeConnections());
      assertThrows(ConnectException.class, () -> transport.connect(endpointOf(server), WAIT));
    }

    @Test
    void gracefulShutdownClosesTheRestAfterTheGracePeriod() throws Exception {
      CountDownLatch started = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      releaseOnTearDown.add(release);
      Server server = serve(transport, ConformanceSessions.slow(started, release));
      Connection stuck = connect(transport, server);
      stuck.sendAll("slow".getBytes(US_ASCII));
      assertTrue(started.await(WAIT.toSeconds(), TimeUnit.SECONDS));
      long start = System.nanoTime();
      server.shutdown(Duration.ofMillis(200));
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(millis >= 150 && millis < WAIT.toMillis(), "shutdown took " + millis + " ms");
      assertTrue(seesEndOfStream(stuck));
    }
  }

  @Nested
  class IdleConnections {

    /**
     * Issue 12: in a pool of four threads, four clients keeping their connection open after one
     * call left no thread for a fifth. An idle connection must cost no thread in any model.
     */
    @Test
    void sixteenIdleKeptAliveConnectionsLeaveTheSeventeenthAnsweredPromptly() throws Exception {
      Server server = serve(transport, echo());
      List<Connection> idle = new ArrayList<>();
      for (int i = 0; i < IDLE_CONNECTIONS; i++) {
        Connection connection = connect(transport, server);
        connection.readTimeout(PROMPTLY);
        connection.sendAll(String.format("request %02d", i).getBytes(US_ASCII));
        idle.add(connection);
      }
      for (int i = 0; i < IDLE_CONNECTIONS; i++) {
        assertEquals(
            String.format("request %02d", i),
            new String(idle.get(i).receiveExactly(10), US_ASCII),
            "the answer on idle connection " + i);
      }
      // Every one stays open and says nothing more.
      await(
          IDLE_CONNECTIONS + " active connections",
          () -> server.activeConnections() == IDLE_CONNECTIONS,
          WAIT);
      Connection next = connect(transport, server);
      next.readTimeout(PROMPTLY);
      assertEchoes(next, "the seventeenth");
      assertEchoes(idle.get(0), "the first again");
    }
  }

  /**
   * True when a task a session {@linkplain io.capas.transport.SessionContext#offload offloads} runs
   * while the server goes on serving other connections; false for a sequential server, whose one
   * thread runs everything (then the suite checks that instead).
   */
  protected boolean runsOffloadedTasksAlongsideOthers() {
    return true;
  }

  /**
   * Issue 13: a handler that blocks (offloaded by its session) holds only its own connection; what
   * arrives meanwhile is kept and offered after it, in order; an end of stream waits for it too.
   */
  @Nested
  class Offloading {
    private static final Duration SLOW = Duration.ofMillis(1500);

    @Test
    void aSlowOffloadedTaskHoldsOnlyItsOwnConnection() throws Exception {
      CountDownLatch running = new CountDownLatch(1);
      Server server = serve(transport, ConformanceSessions.linesWithSlowTask(SLOW, running));
      Connection slow = connect(transport, server);
      slow.sendAll("slow\n".getBytes(US_ASCII));
      assertTrue(running.await(WAIT.toSeconds(), TimeUnit.SECONDS), "the task never started");
      long start = System.nanoTime();
      Connection other = connect(transport, server);
      assertEchoes(other, "ping\n");
      long waited = System.nanoTime() - start;
      if (runsOffloadedTasksAlongsideOthers()) {
        assertTrue(
            waited < SLOW.toNanos() / 2,
            "another connection waited " + waited / 1_000_000 + " ms behind the task");
      } else {
        assertTrue(
            waited > SLOW.toNanos() / 2,
            "the sequential server answered during the task, after " + waited / 1_000_000 + " ms");
      }
      assertEquals("slow done\n", new String(slow.receiveExactly(10), US_ASCII));
    }

    @Test
    void whatArrivesDuringATaskIsAnsweredAfterItInOrder() throws Exception {
      CountDownLatch running = new CountDownLatch(1);
      Server server =
          serve(transport, ConformanceSessions.linesWithSlowTask(Duration.ofMillis(300), running));
      Connection connection = connect(transport, server);
      // "a" behind "slow" in the same push; "b" once the task runs; "slow" again; "c".
      connection.sendAll("slow\na\n".getBytes(US_ASCII));
      assertTrue(running.await(WAIT.toSeconds(), TimeUnit.SECONDS), "the task never started");
      connection.sendAll("b\nslow\nc\n".getBytes(US_ASCII));
      String expected = "slow done\na\nb\nslow done\nc\n";
      assertEquals(expected, new String(connection.receiveExactly(expected.length()), US_ASCII));
      assertEchoes(connection, "d\n");
    }

    @Test
    void anEndOfStreamDuringATaskWaitsForIt() throws Exception {
      CountDownLatch running = new CountDownLatch(1);
      Server server =
          serve(transport, ConformanceSessions.linesWithSlowTask(Duration.ofMillis(300), running));
      Connection connection = connect(transport, server);
      connection.sendAll("slow\na\n".getBytes(US_ASCII));
      assertTrue(running.await(WAIT.toSeconds(), TimeUnit.SECONDS), "the task never started");
      connection.shutdownOutput();
      String expected = "slow done\na\n";
      assertEquals(expected, new String(connection.receiveExactly(expected.length()), US_ASCII));
      assertTrue(seesEndOfStream(connection));
    }
  }

  /**
   * Issue 12: a StackOverflowError in a session (gzip recursing once per member) passed the
   * transport's catch clauses and ended a selector loop or a server thread. Whatever a session
   * throws, from any callback, only its own connection is closed, and the server goes on serving
   * the connections it has and the next ones.
   */
  @Nested
  class SessionFailures {

    @Test
    void errorInOpenClosesOnlyThatConnection() throws Exception {
      survivesFailuresIn(ConformanceSessions.Callback.OPEN);
    }

    @Test
    void errorInOnDataClosesOnlyThatConnection() throws Exception {
      survivesFailuresIn(ConformanceSessions.Callback.ON_DATA);
    }

    @Test
    void errorInOnEndOfStreamClosesOnlyThatConnection() throws Exception {
      survivesFailuresIn(ConformanceSessions.Callback.ON_END_OF_STREAM);
    }

    @Test
    void errorInOnReadTimeoutClosesOnlyThatConnection() throws Exception {
      survivesFailuresIn(ConformanceSessions.Callback.ON_READ_TIMEOUT);
    }

    @Test
    void errorInOnCloseLeavesTheServerServing() throws Exception {
      survivesFailuresIn(ConformanceSessions.Callback.ON_CLOSE);
    }

    private void survivesFailuresIn(ConformanceSessions.Callback callback) throws Exception {
      AtomicInteger failures = new AtomicInteger();
      Server server = serve(transport, ConformanceSessions.failing(callback, failures));
      Connection before = connect(transport, server);
      assertEchoes(before, "before");
      failures.set(FAILING_CONNECTIONS);
      for (int i = 0; i < FAILING_CONNECTIONS; i++) {
        Connection failing = connect(transport, server);
        switch (callback) {
          case OPEN, ON_READ_TIMEOUT -> {}
          case ON_DATA -> failing.sendAll("x".getBytes(US_ASCII));
          case ON_END_OF_STREAM -> {
            assertEchoes(failing, "x");
            failing.shutdownOutput();
          }
          case ON_CLOSE -> {
            assertEchoes(failing, "x");
            failing.close();
          }
        }
        if (callback != ConformanceSessions.Callback.ON_CLOSE) {
          assertTrue(seesEndOfStream(failing), "failing connection " + i + " stayed open");
        }
        await(
            "failing connection " + i + " to be unregistered",
            () -> server.activeConnections() == 1,
            WAIT);
      }
      assertEquals(0, failures.get());
      assertEchoes(before, "still served");
      assertEchoes(connect(transport, server), "after");
    }
  }

  @Nested
  class Errors {

    @Test
    void closedPortIsConnectException() throws IOException {
      Server server = transport.serve(listenEndpoint(), echo());
      Endpoint closed = endpointOf(server);
      server.close();
      assertThrows(ConnectException.class, () -> transport.connect(closed, WAIT));
    }

    @Test
    void unknownHostIsUnknownHostException() {
      assertUnknownAddressFails();
    }
  }

  @Nested
  class Addressing {

    @Test
    void connectsByTheNameLocalhost() throws IOException {
      Server server = serve(transport, echo());
      Connection connection = closeLater(transport.connect(endpointByName(server), WAIT));
      connection.readTimeout(WAIT);
      assertEchoes(connection, "by name");
      assertEquals(server.address().getPort(), connection.remoteAddress().getPort());
    }

    @Test
    void sessionSeesTheClientsAddress() throws Exception {
      CompletableFuture<InetSocketAddress> seen = new CompletableFuture<>();
      Server server =
          serve(
              transport,
              context -> {
                seen.complete(context.remoteAddress());
                return echo().open(context);
              });
      Connection connection = connect(transport, server);
      assertEchoes(connection, "who");
      assertEquals(connection.localAddress(), within(seen));
    }

    @Test
    void servesOverIpv6Loopback() throws IOException {
      assertServesOverTheOtherAddressForm();
    }
  }

  /**
   * An address that names nothing gives a typed exception naming it: by default, an unknown host is
   * an {@link UnknownHostException}. A transport with other addresses checks its own kind.
   */
  protected void assertUnknownAddressFails() {
    UnknownHostException e =
        assertThrows(
            UnknownHostException.class,
            () -> transport.connect(Endpoint.of("x.invalid", 80), WAIT));
    assertTrue(e.getMessage().contains("x.invalid"), e.getMessage());
  }

  /**
   * The transport serves on its other form of address: by default IPv6 loopback ({@code ::1}, on a
   * machine that has it). A transport with other addresses checks its own.
   */
  protected void assertServesOverTheOtherAddressForm() throws IOException {
    Assumptions.assumeTrue(hasIpv6Loopback(), "this machine has no ::1");
    Server server = closeLater(transport.serve(Endpoint.of("::1", 0), echo()));
    Connection connection =
        closeLater(transport.connect(Endpoint.of("::1", server.address().getPort()), WAIT));
    connection.readTimeout(WAIT);
    assertEchoes(connection, "six");
    assertInstanceOf(Inet6Address.class, connection.remoteAddress().getAddress());
  }

  /** Sessions that echo every byte back, as the suite's servers do. */
  protected static SessionFactory echoSessions() {
    return echo();
  }

  /** Sends {@code text} and expects it back. */
  protected static void assertEchoesBack(Connection connection, String text) throws IOException {
    assertEchoes(connection, text);
  }

  private static boolean hasIpv6Loopback() {
    byte[] ipv6Loopback = new byte[16];
    ipv6Loopback[15] = 1; // ::1, built from its bytes: no lookup
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByAddress(ipv6Loopback))) {
      return probe.getLocalPort() > 0;
    } catch (IOException e) {
      return false;
    }
  }
}
