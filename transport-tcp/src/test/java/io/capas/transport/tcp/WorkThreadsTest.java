package io.capas.transport.tcp;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.transport.Connection;
import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.Server;
import io.capas.transport.Session;
import io.capas.transport.SessionFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sequential and pool models serve requests, not connections, on their platform threads: a
 * thread that lingers on a busy connection (so that its next request costs no hand-over) gives it
 * up as soon as another connection's request waits, and the calls run on those threads only.
 */
class WorkThreadsTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  /** How soon a request that should not wait behind a busy connection is answered (generous). */
  private static final Duration PROMPTLY = Duration.ofSeconds(5);

  private final List<AutoCloseable> opened = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
  }

  static Stream<Arguments> models() {
    return Stream.of(
        Arguments.of("SEQUENTIAL", TcpConfig.builder().model(TcpConfig.Model.SEQUENTIAL), 1),
        Arguments.of("POOL of 1", TcpConfig.builder().pool(1), 1),
        Arguments.of("POOL of 2", TcpConfig.builder().pool(2), 2));
  }

  /** Echoes, recording the name of every thread a call runs on. */
  private static SessionFactory echo(Set<String> threads) {
    return context ->
        new Session() {
          @Override
          public void onData(ByteBuffer data) throws IOException {
            threads.add(Thread.currentThread().getName());
            context.write(data);
          }
        };
  }

  private Server serve(TcpConfig.Builder config, SessionFactory sessions) throws IOException {
    Server server =
        new TcpTransport(config.build(), HostResolver.system())
            .serve(Endpoint.of("127.0.0.1", 0), sessions);
    opened.add(server);
    return server;
  }

  private Connection connect(Server server) throws IOException {
    Connection connection = LoopbackClients.connect(server, WAIT);
    opened.add(connection);
    return connection;
  }

  private static void assertEchoes(Connection connection, String text) throws IOException {
    connection.sendAll(text.getBytes(US_ASCII));
    assertEquals(text, new String(connection.receiveExactly(text.length()), US_ASCII));
  }

  /**
   * Sends 1 KiB pieces on {@code connection} without waiting for the echo, which another thread
   * reads, until {@code stop} (or {@link #WAIT}), at least one, counting {@code sending} down once
   * the first is out, then half-closes; completes once the server has closed the connection, true
   * when every byte sent came back.
   */
  private static CompletableFuture<Boolean> pump(
      Connection connection, AtomicBoolean stop, CountDownLatch sending) {
    CompletableFuture<Long> sent = new CompletableFuture<>();
    CompletableFuture<Long> received = new CompletableFuture<>();
    Thread.ofPlatform()
        .daemon()
        .start(
            () -> {
              byte[] piece = new byte[1024];
              long deadline = System.nanoTime() + WAIT.toNanos();
              long total = 0;
              try {
                do {
                  connection.sendAll(piece);
                  total += piece.length;
                  sending.countDown();
                } while (!stop.get() && System.nanoTime() < deadline);
                connection.shutdownOutput();
                sent.complete(total);
              } catch (IOException e) {
                sent.completeExceptionally(e);
              }
            });
    Thread.ofPlatform()
        .daemon()
        .start(
            () -> {
              long total = 0;
              try {
                InputStream in = connection.input();
                byte[] chunk = new byte[64 * 1024];
                for (int n; (n = in.read(chunk)) >= 0; ) {
                  total += n;
                }
                received.complete(total);
              } catch (IOException e) {
                received.completeExceptionally(e);
              }
            });
    return sent.thenCombine(received, (out, back) -> out > 0 && out.equals(back));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void busyConnectionsDoNotStarveAnotherOnesRequest(
      String name, TcpConfig.Builder config, int threads) throws Exception {
    Set<String> callThreads = ConcurrentHashMap.newKeySet();
    Server server = serve(config, echo(callThreads));
    // As many connections as threads, each sending without a pause (a writer and a reader of its
    // own), so that a thread serving one always finds its next bytes there at once.
    AtomicBoolean stop = new AtomicBoolean();
    List<CompletableFuture<Boolean>> busy = new ArrayList<>();
    CountDownLatch sending = new CountDownLatch(threads);
    for (int i = 0; i < threads; i++) {
      Connection connection = connect(server);
      assertEchoes(connection, "warm");
      busy.add(pump(connection, stop, sending));
    }
    // Busy before the other one asks (on a loaded machine the pumps' threads may start late).
    assertTrue(sending.await(WAIT.toSeconds(), TimeUnit.SECONDS), "the pumps never started");
    try {
      Connection other = connect(server);
      other.readTimeout(PROMPTLY);
      for (int i = 0; i < 3; i++) {
        assertEchoes(other, "meanwhile " + i);
      }
    } finally {
      stop.set(true);
    }
    for (CompletableFuture<Boolean> echoedAll : busy) {
      assertTrue(echoedAll.get(WAIT.toSeconds(), TimeUnit.SECONDS), "a busy connection lost bytes");
    }
    for (String thread : callThreads) {
      assertTrue(
          thread.startsWith("capas-tcp-" + (name.equals("SEQUENTIAL") ? "sequential" : "pool")),
          "a call ran on " + thread);
    }
    assertTrue(callThreads.size() <= threads, callThreads.toString());
  }
}
