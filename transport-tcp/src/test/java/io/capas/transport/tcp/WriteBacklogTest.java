package io.capas.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.testing.transport.Waiting;
import io.capas.transport.Connection;
import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.Server;
import io.capas.transport.Session;
import io.capas.transport.SessionContext;
import io.capas.transport.SessionFactory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link SessionContext#writeBacklogged()} and {@link Session#onWritable()}: a session streaming a
 * long response stops while backlogged and resumes when told, so the queue stays bounded.
 */
class WriteBacklogTest {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final int WATERMARK = 64 * 1024;
  private static final int WRITE = 16 * 1024;

  /** Far more than the loopback socket buffers hold before the client reads (about 4 MiB). */
  private static final int TOTAL = 32 * 1024 * 1024;

  private static final int CLIENT_READ = 256 * 1024;

  private static byte patternAt(long position) {
    return (byte) (position * 7 + (position >>> 11));
  }

  /**
   * On the first byte received, streams {@link #TOTAL} pattern bytes in {@link #WRITE}-byte writes,
   * stopping while backlogged and resuming in {@code onWritable}.
   */
  private static final class StreamingSessions implements SessionFactory {
    final AtomicInteger backlogsSeen = new AtomicInteger();
    final AtomicInteger resumed = new AtomicInteger();
    final AtomicBoolean done = new AtomicBoolean();
    final AtomicBoolean stopped = new AtomicBoolean();

    @Override
    public Session open(SessionContext context) {
      return new Session() {
        private final ByteBuffer piece = ByteBuffer.allocate(WRITE);
        private long sent = -1; // not started

        @Override
        public void onData(ByteBuffer data) throws IOException {
          data.position(data.limit());
          if (sent < 0) {
            sent = 0;
            stream();
          }
        }

        @Override
        public void onWritable() throws IOException {
          resumed.incrementAndGet();
          stopped.set(false);
          stream();
        }

        private void stream() throws IOException {
          while (sent < TOTAL) {
            if (context.writeBacklogged()) {
              backlogsSeen.incrementAndGet();
              stopped.set(true);
              return;
            }
            piece.clear().limit((int) Math.min(WRITE, TOTAL - sent));
            for (int i = 0; i < piece.limit(); i++) {
              piece.put(i, patternAt(sent + i));
            }
            context.write(piece);
            sent += piece.limit();
          }
          done.set(true);
        }
      };
    }
  }

  private static TcpTransport transport(TcpConfig.Model model) {
    return new TcpTransport(
        TcpConfig.builder().model(model).writeQueueHighWatermark(WATERMARK).build(),
        HostResolver.system());
  }

  /** Reads {@code n} bytes and checks them against the pattern from {@code position}. */
  private static void readAndCheck(Connection client, long position, int n) throws IOException {
    byte[] got = client.receiveExactly(n);
    for (int i = 0; i < n; i++) {
      if (got[i] != patternAt(position + i)) {
        assertEquals(patternAt(position + i), got[i], "byte at " + (position + i));
      }
    }
  }

  @Test
  void multiplexSessionStopsWhileBackloggedAndResumesInOnWritable() throws Exception {
    StreamingSessions sessions = new StreamingSessions();
    TcpTransport transport = transport(TcpConfig.Model.MULTIPLEX);
    try (MultiplexTcpServer server =
            (MultiplexTcpServer) transport.serve(Endpoint.of("127.0.0.1", 0), sessions);
        Connection client =
            transport.connect(Endpoint.of("127.0.0.1", server.address().getPort()), WAIT)) {
      client.readTimeout(WAIT);
      client.sendAll(new byte[] {1});
      for (long read = 0; read < TOTAL; read += CLIENT_READ) {
        // Slow: a piece is read only while the session waits for room (or has finished), so it
        // is the client's pace, never the session's, that decides how much is sent. The first
        // waits until the kernel's buffers are full and the queue is past the watermark.
        Waiting.await(
            "the session to stop or finish",
            () -> sessions.stopped.get() || sessions.done.get(),
            WAIT);
        readAndCheck(client, read, (int) Math.min(CLIENT_READ, TOTAL - read));
      }
      Waiting.await("the session to finish", sessions.done::get, WAIT);
      assertTrue(sessions.resumed.get() >= 2, "resumed " + sessions.resumed.get() + " times");
      assertTrue(
          sessions.backlogsSeen.get() >= sessions.resumed.get(),
          "every resumption follows a backlog");
      long most = server.mostQueuedBytes();
      assertTrue(most > WATERMARK, "the queue passed the watermark: " + most);
      assertTrue(most <= WATERMARK + WRITE, "queued up to " + most + " bytes");
    }
  }

  @Test
  void blockingModelsNeverReportABacklog() throws Exception {
    StreamingSessions sessions = new StreamingSessions();
    TcpTransport transport = transport(TcpConfig.Model.THREAD_PER_CONNECTION);
    try (Server server = transport.serve(Endpoint.of("127.0.0.1", 0), sessions);
        Connection client =
            transport.connect(Endpoint.of("127.0.0.1", server.address().getPort()), WAIT)) {
      client.readTimeout(WAIT);
      client.sendAll(new byte[] {1});
      for (long read = 0; read < TOTAL; read += CLIENT_READ) {
        readAndCheck(client, read, (int) Math.min(CLIENT_READ, TOTAL - read));
      }
      Waiting.await("the session to finish", sessions.done::get, WAIT);
      assertEquals(0, sessions.backlogsSeen.get());
      assertEquals(0, sessions.resumed.get());
    }
  }
}
