package io.capas.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.testing.transport.Waiting;
import io.capas.transport.Connection;
import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.Session;
import io.capas.transport.SessionContext;
import io.capas.transport.SessionFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The MULTIPLEX model's group of selector loops: spreading, thread confinement, close, config. */
class MultiplexSelectorLoopsTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private final List<AutoCloseable> opened = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
  }

  /** Records, per connection, the thread of every session call, and echoes what it reads. */
  private static final class RecordingSessions implements SessionFactory {
    final Map<SessionContext, List<String>> threads = new ConcurrentHashMap<>();
    final Map<Integer, SessionContext> byClientPort = new ConcurrentHashMap<>();
    final Set<SessionContext> timedOut = ConcurrentHashMap.newKeySet();
    final Set<SessionContext> closed = ConcurrentHashMap.newKeySet();

    @Override
    public Session open(SessionContext context) {
      List<String> calls = new CopyOnWriteArrayList<>();
      calls.add(Thread.currentThread().getName());
      threads.put(context, calls);
      byClientPort.put(context.remoteAddress().getPort(), context);
      return new Session() {
        @Override
        public void onData(ByteBuffer data) throws IOException {
          calls.add(Thread.currentThread().getName());
          context.write(data);
        }

        @Override
        public void onEndOfStream() {
          calls.add(Thread.currentThread().getName());
        }

        @Override
        public void onReadTimeout(SessionContext ignored) {
          calls.add(Thread.currentThread().getName());
          timedOut.add(context);
          // Stay open: the test decides when the connection ends.
        }

        @Override
        public void onClose() {
          calls.add(Thread.currentThread().getName());
          closed.add(context);
        }
      };
    }

    Set<String> loopNames() {
      Set<String> names = new TreeSet<>();
      threads.values().forEach(names::addAll);
      return names;
    }
  }

  private MultiplexTcpServer serve(TcpConfig.Builder config, SessionFactory sessions)
      throws IOException {
    TcpTransport transport =
        new TcpTransport(config.model(TcpConfig.Model.MULTIPLEX).build(), HostResolver.system());
    MultiplexTcpServer server =
        (MultiplexTcpServer) transport.serve(Endpoint.of("127.0.0.1", 0), sessions);
    opened.add(server);
    return server;
  }

  private Connection connect(MultiplexTcpServer server) throws IOException {
    Connection connection = LoopbackClients.connect(server, WAIT);
    opened.add(connection);
    return connection;
  }

  private static void assertEchoes(Connection connection, byte[] data) throws IOException {
    connection.sendAll(data);
    assertArrayEquals(data, connection.receiveExactly(data.length));
  }

  private static void await(String what, BooleanSupplier condition) {
    Waiting.await(what, condition, WAIT);
  }

  private static String loopName(MultiplexTcpServer server, int index) {
    return "capas-tcp-selector-" + server.address().getPort() + "-" + index;
  }

  @Test
  void spreadsConnectionsOverEveryLoop() throws IOException {
    RecordingSessions sessions = new RecordingSessions();
    MultiplexTcpServer server = serve(TcpConfig.builder().selectorThreads(2), sessions);
    for (int i = 0; i < 8; i++) {
      assertEchoes(connect(server), new byte[] {(byte) i});
    }
    assertEquals(Set.of(loopName(server, 0), loopName(server, 1)), sessions.loopNames());
    assertEquals(8, server.activeConnections());
    // Least loaded: the connections, all still open, are shared evenly.
    assertEquals(List.of(4, 4), server.loops().stream().map(SelectorLoop::load).toList());
  }

  @Test
  void everyCallbackOfAConnectionRunsOnItsOwnLoop() throws Exception {
    RecordingSessions sessions = new RecordingSessions();
    MultiplexTcpServer server =
        serve(TcpConfig.builder().selectorThreads(3).idleTimeout(Duration.ofMillis(50)), sessions);
    List<Connection> clients = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      clients.add(connect(server));
    }
    for (int round = 0; round < 5; round++) {
      for (Connection client : clients) {
        assertEchoes(client, new byte[] {(byte) round, 1, 2, 3});
      }
    }
    // Idle a while: the read deadline fires on the connection's loop too.
    await("a read timeout on every connection", () -> sessions.timedOut.size() == 6);
    for (Connection client : clients) {
      client.shutdownOutput();
    }
    await("every session closed", () -> sessions.closed.size() == 6);
    for (List<String> calls : sessions.threads.values()) {
      // open, 5 x onData, read timeouts, end of stream, close: one thread, a loop of this server.
      assertEquals(1, Set.copyOf(calls).size(), "callbacks on several threads: " + calls);
      assertTrue(calls.get(0).startsWith("capas-tcp-selector-" + server.address().getPort() + "-"));
    }
    assertEquals(3, sessions.loopNames().size(), "loops used: " + sessions.loopNames());
  }

  @Test
  void writesFromAnotherThreadAreFlushedByTheConnectionsLoop() throws Exception {
    RecordingSessions sessions = new RecordingSessions();
    MultiplexTcpServer server = serve(TcpConfig.builder().selectorThreads(2), sessions);
    List<Connection> clients = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Connection client = connect(server);
      assertEchoes(client, new byte[] {9});
      clients.add(client);
    }
    // Far more than the socket buffers hold: most of it waits in the write queue, which only the
    // connection's own loop flushes once the client reads; nothing else wakes that loop.
    byte[] payload = new byte[8 << 20];
    new Random(11).nextBytes(payload);
    for (Connection client : clients) {
      SessionContext context = sessions.byClientPort.get(client.localAddress().getPort());
      CompletableFuture<Void> write =
          CompletableFuture.runAsync(
              () -> {
                try {
                  context.write(ByteBuffer.wrap(payload));
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
      assertArrayEquals(payload, client.receiveExactly(payload.length));
      write.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  @Test
  void closeWithConnectionsOnEveryLoopReleasesThemAll() throws Exception {
    long descriptorsBefore = socketDescriptors();
    RecordingSessions sessions = new RecordingSessions();
    TcpTransport transport =
        new TcpTransport(
            TcpConfig.builder().model(TcpConfig.Model.MULTIPLEX).selectorThreads(3).build(),
            HostResolver.system());
    MultiplexTcpServer server =
        (MultiplexTcpServer) transport.serve(Endpoint.of("127.0.0.1", 0), sessions);
    int port = server.address().getPort();
    List<Connection> clients = new ArrayList<>();
    try {
      for (int i = 0; i < 6; i++) {
        Connection client = connect(server);
        assertEchoes(client, new byte[] {(byte) i});
        clients.add(client);
      }
      assertEquals(List.of(2, 2, 2), server.loops().stream().map(SelectorLoop::load).toList());
    } finally {
      CompletableFuture.runAsync(server::close).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
    for (SelectorLoop loop : server.loops()) {
      assertFalse(loop.thread().isAlive(), loop + " still running");
    }
    assertEquals(0, server.activeConnections());
    assertEquals(6, sessions.closed.size());
    for (Connection client : clients) {
      assertEquals(-1, client.input().read());
      client.close();
    }
    server.close(); // a second close is harmless
    assertThrows(
        ConnectException.class,
        () ->
            new TcpTransport(TcpConfig.defaults(), HostResolver.system())
                .connect(Endpoint.of("127.0.0.1", port), WAIT)
                .close());
    if (descriptorsBefore >= 0) {
      long after = socketDescriptors();
      assertTrue(after <= descriptorsBefore, descriptorsBefore + " descriptors before, " + after);
    }
  }

  /**
   * This process's open sockets, selectors and wakeup descriptors (Linux), or -1 where {@code
   * /proc} does not list them. Jar files the class loaders open meanwhile are not counted.
   */
  private static long socketDescriptors() throws IOException {
    Path fds = Path.of("/proc/self/fd");
    if (!Files.isDirectory(fds)) {
      return -1;
    }
    try (Stream<Path> list = Files.list(fds)) {
      return list.filter(
              fd -> {
                try {
                  String target = Files.readSymbolicLink(fd).toString();
                  return target.startsWith("socket:") || target.startsWith("anon_inode:");
                } catch (IOException gone) {
                  return false; // closed meanwhile, such as the listing's own descriptor
                }
              })
          .count();
    }
  }

  @Test
  void selectorThreadsIsValidated() {
    IllegalArgumentException zero =
        assertThrows(
            IllegalArgumentException.class, () -> TcpConfig.builder().selectorThreads(0).build());
    assertTrue(zero.getMessage().contains("selectorThreads"), zero.getMessage());
    assertTrue(zero.getMessage().contains("[1, 256]"), zero.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> TcpConfig.builder().selectorThreads(257).build());
    assertThrows(
        IllegalArgumentException.class, () -> TcpConfig.builder().selectorThreads(-1).build());
    assertEquals(1, TcpConfig.builder().selectorThreads(1).build().selectorThreads());
    assertEquals(256, TcpConfig.builder().selectorThreads(256).build().selectorThreads());
    assertEquals(
        Math.clamp(Runtime.getRuntime().availableProcessors() / 2, 1, 256),
        TcpConfig.defaults().selectorThreads());
  }
}
