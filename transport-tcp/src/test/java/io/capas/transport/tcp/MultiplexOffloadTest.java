package io.capas.transport.tcp;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.transport.Connection;
import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.Session;
import io.capas.transport.SessionContext;
import io.capas.transport.SessionFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Where MULTIPLEX runs offloaded tasks: on the loop while they are quick, the loop moving to a new
 * thread when one overstays {@link TcpConfig#offloadAfter()}, virtual threads for a while after a
 * move, and always with {@link Duration#ZERO}.
 */
class MultiplexOffloadTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private final List<AutoCloseable> opened = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
  }

  /**
   * Each byte read is one request, offloaded: {@code 's'} sleeps 2 s before its answer, any other
   * byte is echoed at once. Every task records the thread it ran on.
   */
  private static final class OffloadingSessions implements SessionFactory {
    final BlockingQueue<Thread> taskThreads = new LinkedBlockingQueue<>();

    @Override
    public Session open(SessionContext context) {
      return new Session() {
        @Override
        public void onData(ByteBuffer data) {
          byte b = data.get();
          context.offload(
              () -> {
                taskThreads.add(Thread.currentThread());
                try {
                  if (b == 's') {
                    Thread.sleep(2_000);
                  }
                  context.write(ByteBuffer.wrap(new byte[] {b}));
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
        }
      };
    }
  }

  private MultiplexTcpServer serve(TcpConfig.Builder config, SessionFactory sessions)
      throws IOException {
    TcpTransport transport =
        new TcpTransport(
            config.model(TcpConfig.Model.MULTIPLEX).selectorThreads(1).build(),
            HostResolver.system());
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

  /** Sends one request byte and returns the thread its task ran on, once it is answered. */
  private static Thread call(Connection connection, OffloadingSessions sessions, char request)
      throws Exception {
    connection.sendAll(new byte[] {(byte) request});
    assertArrayEquals(new byte[] {(byte) request}, connection.receiveExactly(1));
    Thread thread = sessions.taskThreads.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertTrue(thread != null, "no task ran");
    return thread;
  }

  private static String loopName(MultiplexTcpServer server) {
    return "capas-tcp-selector-" + server.address().getPort() + "-0";
  }

  @Test
  void quickTasksRunOnTheLoopItself() throws Exception {
    OffloadingSessions sessions = new OffloadingSessions();
    MultiplexTcpServer server = serve(TcpConfig.builder(), sessions);
    Connection client = connect(server);
    for (int i = 0; i < 3; i++) {
      Thread thread = call(client, sessions, 'q');
      assertFalse(thread.isVirtual(), thread.toString());
      assertEquals(loopName(server), thread.getName());
    }
  }

  @Test
  void aTaskThatOverstaysLeavesItsThreadAndTheLoopGoesOnOnANewOne() throws Exception {
    OffloadingSessions sessions = new OffloadingSessions();
    MultiplexTcpServer server = serve(TcpConfig.builder(), sessions);
    Connection slow = connect(server);
    Connection other = connect(server);

    slow.sendAll(new byte[] {'s'});
    Thread stuck = sessions.taskThreads.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertEquals(loopName(server), stuck.getName(), "the slow task started on the loop");

    // The slow task still sleeps: the other connection is served meanwhile, by the moved loop,
    // which starts its tasks on virtual threads for a while.
    long start = System.nanoTime();
    Thread answered = call(other, sessions, 'q');
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(millis < 1_000, "the other connection waited " + millis + " ms for the slow task");
    assertTrue(answered.isVirtual(), answered.toString());
    assertTrue(stuck.isAlive(), "the slow task's thread ended before its task did");
    assertEquals(loopName(server) + ".1", server.loops().get(0).thread().getName());

    assertArrayEquals(new byte[] {'s'}, slow.receiveExactly(1));
    stuck.join(WAIT.toMillis());
    assertFalse(stuck.isAlive(), "the thread the loop left did not end after its task");

    // Once the window has passed the tasks run on the (new) loop thread again.
    Thread.sleep(1_200);
    Thread later = call(other, sessions, 'q');
    assertFalse(later.isVirtual(), later.toString());
    assertEquals(loopName(server) + ".1", later.getName());
    assertEquals(2, server.activeConnections());
  }

  @Test
  void zeroRunsEveryTaskOnAVirtualThreadOfItsOwn() throws Exception {
    OffloadingSessions sessions = new OffloadingSessions();
    MultiplexTcpServer server = serve(TcpConfig.builder().offloadAfter(Duration.ZERO), sessions);
    Connection client = connect(server);
    Thread first = call(client, sessions, 'q');
    Thread second = call(client, sessions, 'q');
    assertTrue(first.isVirtual() && second.isVirtual(), first + ", " + second);
    assertFalse(first.equals(second), "one virtual thread for two tasks");
  }

  /** Echoes whole lines; leaves a partial line unconsumed until its end arrives. */
  private static final class LineSessions implements SessionFactory {
    @Override
    public Session open(SessionContext context) {
      return new Session() {
        @Override
        public void onData(ByteBuffer data) throws IOException {
          int end = data.position();
          for (int i = data.position(); i < data.limit(); i++) {
            if (data.get(i) == '\n') {
              end = i + 1;
            }
          }
          ByteBuffer line = data.duplicate().limit(end);
          data.position(end);
          if (line.hasRemaining()) {
            context.write(line);
          }
        }
      };
    }
  }

  @Test
  void idleConnectionsHoldNoReadBufferAndAPartialRequestKeepsItsOwn() throws Exception {
    MultiplexTcpServer server = serve(TcpConfig.builder(), new LineSessions());
    List<Connection> clients = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      Connection client = connect(server);
      clients.add(client);
      client.sendAll(("hello " + i + "\n").getBytes(US_ASCII));
      assertEquals("hello " + i + "\n", new String(client.receiveExactly(8), US_ASCII));
    }
    awaitBuffers(server, 0);
    // Half a line on every connection: each keeps its bytes in a buffer of its own, and the
    // loop's one spare buffer is never lent to two connections at once.
    for (int i = 0; i < 8; i++) {
      clients.get(i).sendAll(("half " + i).getBytes(US_ASCII));
    }
    awaitBuffers(server, 8);
    for (int i = 0; i < 8; i++) {
      clients.get(i).sendAll(" done\n".getBytes(US_ASCII));
      assertEquals(
          "half " + i + " done\n", new String(clients.get(i).receiveExactly(12), US_ASCII));
    }
    awaitBuffers(server, 0);
  }

  private static void awaitBuffers(MultiplexTcpServer server, int expected) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    long holding;
    do {
      // Read from the test's thread: the loop publishes the field on its own schedule, so this
      // waits until it shows the expected count (or the wait ends).
      holding =
          server.liveConnections().stream().filter(MultiplexConnection::holdsReadBuffer).count();
      if (holding == expected) {
        return;
      }
      Thread.sleep(10);
    } while (System.nanoTime() - deadline < 0);
    assertEquals(expected, holding, "connections holding a read buffer");
  }
}
