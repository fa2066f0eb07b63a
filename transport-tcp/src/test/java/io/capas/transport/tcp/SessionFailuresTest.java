package io.capas.transport.tcp;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.testing.transport.Waiting;
import io.capas.transport.Connection;
import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.Server;
import io.capas.transport.Session;
import io.capas.transport.SessionFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 12: an {@link Error} thrown by a session (a {@link StackOverflowError} from a codec that
 * recursed once per gzip member) ended the selector loop or the server thread it ran on. On every
 * model, each thread that runs sessions survives any number of them; the failing connection is
 * closed with one WARNING line and no stack trace (the stack goes to DEBUG), and no thread dies.
 */
class SessionFailuresTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  /** Rounds of failures; each round fails one connection per thread that runs sessions. */
  private static final int ROUNDS = 3;

  /** Holds the parent of every transport logger while the test configures it. */
  private final Logger transportLogger = Logger.getLogger("io.capas.transport");

  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final List<Throwable> uncaught = new CopyOnWriteArrayList<>();
  private final List<AutoCloseable> opened = new ArrayList<>();
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
  private Level levelBefore;
  private Thread.UncaughtExceptionHandler uncaughtBefore;

  @BeforeEach
  void capture() {
    levelBefore = transportLogger.getLevel();
    transportLogger.setLevel(Level.FINE);
    capture.setLevel(Level.ALL);
    transportLogger.addHandler(capture);
    uncaughtBefore = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler((thread, e) -> uncaught.add(e));
  }

  @AfterEach
  void restore() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
    Thread.setDefaultUncaughtExceptionHandler(uncaughtBefore);
    transportLogger.removeHandler(capture);
    transportLogger.setLevel(levelBefore);
  }

  /** Every model, and the multiplexing one with one and with two selector loops. */
  static Stream<Arguments> configs() {
    return Stream.of(
        Arguments.of("SEQUENTIAL", TcpConfig.builder().model(TcpConfig.Model.SEQUENTIAL), 1),
        Arguments.of(
            "THREAD_PER_CONNECTION",
            TcpConfig.builder().model(TcpConfig.Model.THREAD_PER_CONNECTION),
            2),
        Arguments.of("POOL of 2", TcpConfig.builder().pool(2), 2),
        Arguments.of(
            "MULTIPLEX, 1 loop",
            TcpConfig.builder().model(TcpConfig.Model.MULTIPLEX).selectorThreads(1),
            1),
        Arguments.of(
            "MULTIPLEX, 2 loops",
            TcpConfig.builder().model(TcpConfig.Model.MULTIPLEX).selectorThreads(2),
            2));
  }

  /**
   * A session that echoes, except that a chunk starting with {@code S} overflows the stack for
   * real, one starting with {@code M} throws an {@link OutOfMemoryError}, and one starting with
   * {@code W} writes until the connection is backlogged, to overflow the stack in {@code
   * onWritable} (multiplexing only).
   */
  private static final SessionFactory FRAGILE =
      context ->
          new Session() {
            @Override
            public void onData(ByteBuffer data) throws IOException {
              switch (data.get(data.position())) {
                case 'S' -> recurse(0);
                case 'M' -> throw new OutOfMemoryError("simulated");
                case 'W' -> {
                  data.position(data.limit());
                  for (int i = 0; i < 10_000 && !context.writeBacklogged(); i++) {
                    context.write(ByteBuffer.allocate(16 * 1024));
                  }
                }
                default -> context.write(data);
              }
            }

            @Override
            public void onWritable() {
              recurse(0);
            }
          };

  private static long recurse(long depth) {
    return depth < 0 ? depth : recurse(depth + 1) + depth;
  }

  private Server serve(TcpConfig.Builder config) throws IOException {
    Server server =
        new TcpTransport(config.build(), HostResolver.system())
            .serve(Endpoint.of("127.0.0.1", 0), FRAGILE);
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
    assertArrayEquals(text.getBytes(US_ASCII), connection.receiveExactly(text.length()));
  }

  /**
   * Reads to the end (at most 256 MiB): true at end of stream or a reset, false when the read timed
   * out.
   */
  private static boolean seesTheEnd(Connection connection) {
    try {
      InputStream in = connection.input();
      byte[] chunk = new byte[64 * 1024];
      for (int i = 0; i < 4096; i++) {
        if (in.read(chunk) < 0) {
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

  @ParameterizedTest(name = "{0}")
  @MethodSource("configs")
  void everyThreadSurvivesStackOverflowsAndOutOfMemoryErrors(
      String name, TcpConfig.Builder config, int threads) throws Exception {
    Server server = serve(config);
    for (int round = 0; round < ROUNDS; round++) {
      // As many failing connections at once as there are threads running sessions, so that on a
      // multiplexing server each loop gets one (the least loaded loop takes the next connection).
      List<Connection> failing = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        failing.add(connect(server));
      }
      for (int i = 0; i < threads; i++) {
        failing.get(i).sendAll(((round + i) % 2 == 0 ? "S" : "M").getBytes(US_ASCII));
      }
      for (int i = 0; i < threads; i++) {
        assertTrue(seesTheEnd(failing.get(i)), name + ": failing connection stayed open");
      }
      Waiting.await(
          name + ": failing connections unregistered", () -> server.activeConnections() == 0, WAIT);
    }
    List<Connection> after = new ArrayList<>();
    for (int i = 0; i < 2 * threads; i++) {
      after.add(connect(server));
    }
    for (int i = 0; i < after.size(); i++) {
      assertEchoes(after.get(i), "after " + i);
    }
    assertEquals(List.of(), uncaught, name + ": threads died");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configs")
  void eachFailureIsOneWarningLineWithItsStackAtDebug(
      String name, TcpConfig.Builder config, int threads) throws Exception {
    Server server = serve(config);
    Connection overflowing = connect(server);
    overflowing.sendAll("S".getBytes(US_ASCII));
    assertTrue(seesTheEnd(overflowing));
    Connection exhausted = connect(server);
    exhausted.sendAll("M".getBytes(US_ASCII));
    assertTrue(seesTheEnd(exhausted));
    Waiting.await(
        name + ": both failures logged",
        () -> warnings().size() >= 2 && stacks().size() >= 2,
        WAIT);

    List<String> warnings = warnings();
    assertEquals(2, warnings.size(), name + ": " + warnings);
    assertEquals(
        1,
        warnings.stream().filter(w -> w.contains("java.lang.StackOverflowError")).count(),
        warnings.toString());
    assertEquals(
        1,
        warnings.stream().filter(w -> w.contains("java.lang.OutOfMemoryError: simulated")).count(),
        warnings.toString());
    for (LogRecord record : records) {
      if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
        assertNull(record.getThrown(), name + ": a WARNING carries a stack trace");
      }
    }
    List<Throwable> stacks = stacks();
    assertEquals(2, stacks.size(), stacks.toString());
    assertTrue(stacks.stream().anyMatch(e -> e instanceof StackOverflowError), stacks.toString());
    assertTrue(stacks.stream().anyMatch(e -> e instanceof OutOfMemoryError), stacks.toString());
    assertEquals(List.of(), uncaught, name + ": threads died");
    assertEchoes(connect(server), "still serving");
  }

  @ParameterizedTest(name = "{0} selector loops")
  @ValueSource(ints = {1, 2})
  void multiplexSurvivesAnErrorInOnWritable(int loops) throws Exception {
    Server server =
        serve(
            TcpConfig.builder()
                .model(TcpConfig.Model.MULTIPLEX)
                .selectorThreads(loops)
                .writeQueueHighWatermark(64 * 1024));
    for (int i = 0; i <= loops; i++) {
      Connection streaming = connect(server);
      streaming.sendAll("W".getBytes(US_ASCII));
      // Reading drains the backlog, so onWritable is called, overflows, and the connection ends.
      assertTrue(seesTheEnd(streaming), "the connection whose onWritable failed stayed open");
      Waiting.await("it to be unregistered", () -> server.activeConnections() == 0, WAIT);
    }
    for (int i = 0; i < 2 * loops; i++) {
      assertEchoes(connect(server), "after " + i);
    }
    assertEquals(1 + loops, warnings().size(), warnings().toString());
    assertEquals(List.of(), uncaught, "threads died");
  }

  /** The WARNING lines logged, formatted; each must be a single line. */
  private List<String> warnings() {
    SimpleFormatter formatter = new SimpleFormatter();
    List<String> lines = new ArrayList<>();
    for (LogRecord record : records) {
      if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
        String line = formatter.formatMessage(record);
        assertTrue(!line.contains("\n") && !line.contains("\r"), "not one line: " + line);
        lines.add(line);
      }
    }
    return lines;
  }

  /** The errors whose stacks were logged below WARNING. */
  private List<Throwable> stacks() {
    List<Throwable> thrown = new ArrayList<>();
    for (LogRecord record : records) {
      if (record.getLevel().intValue() < Level.WARNING.intValue()
          && record.getThrown() instanceof Error error) {
        thrown.add(error);
      }
    }
    return thrown;
  }
}
