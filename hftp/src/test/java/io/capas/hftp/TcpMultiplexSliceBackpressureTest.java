package io.capas.hftp;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import io.capas.transport.Transport;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.TcpTransport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A big slice on the MULTIPLEX model with a small write queue, to a client that reads slowly: the
 * server sends it in pieces as the client reads (it never queues the slice whole), and answers the
 * requests pipelined after it, in order.
 */
class TcpMultiplexSliceBackpressureTest {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final int WATERMARK = 64 * 1024;
  private static final int SIZE = 8 * 1024 * 1024;
  private static final int CLIENT_READ = 128 * 1024;

  @TempDir Path dir;

  /** Counts, over every session it opens, backlogs seen, resumptions and bytes written. */
  private static final class Observed implements SessionFactory {
    final SessionFactory sessions;
    final AtomicInteger backlogsSeen = new AtomicInteger();
    final AtomicInteger resumed = new AtomicInteger();
    final AtomicLong written = new AtomicLong();
    final AtomicBoolean stopped = new AtomicBoolean();

    Observed(SessionFactory sessions) {
      this.sessions = sessions;
    }

    @Override
    public Session open(SessionContext real) {
      Session session = sessions.open(new CountingContext(real));
      return new Session() {
        @Override
        public void onData(ByteBuffer data) throws IOException {
          session.onData(data);
        }

        @Override
        public void onWritable() throws IOException {
          resumed.incrementAndGet();
          stopped.set(false);
          session.onWritable();
        }

        @Override
        public void onEndOfStream() throws IOException {
          session.onEndOfStream();
        }

        @Override
        public void onReadTimeout(SessionContext context) throws IOException {
          session.onReadTimeout(context);
        }

        @Override
        public void onClose() {
          session.onClose();
        }
      };
    }

    private final class CountingContext implements SessionContext {
      private final SessionContext real;

      CountingContext(SessionContext real) {
        this.real = real;
      }

      @Override
      public void write(ByteBuffer data) throws IOException {
        int n = data.remaining();
        real.write(data);
        written.addAndGet(n);
      }

      @Override
      public boolean writeBacklogged() {
        boolean backlogged = real.writeBacklogged();
        if (backlogged) {
          backlogsSeen.incrementAndGet();
          stopped.set(true);
        }
        return backlogged;
      }

      @Override
      public void readTimeout(Duration timeout) {
        real.readTimeout(timeout);
      }

      @Override
      public void close() {
        real.close();
      }

      @Override
      public InetSocketAddress localAddress() {
        return real.localAddress();
      }

      @Override
      public InetSocketAddress remoteAddress() {
        return real.remoteAddress();
      }
    }
  }

  /** The TCP transport, its served sessions observed. */
  private static final class ObservingTransport implements Transport {
    final TcpTransport tcp =
        new TcpTransport(
            TcpConfig.builder()
                .model(TcpConfig.Model.MULTIPLEX)
                .writeQueueHighWatermark(WATERMARK)
                .build(),
            HostResolver.system());
    Observed observed;

    @Override
    public Connection connect(Endpoint remote, Duration connectTimeout) throws IOException {
      return tcp.connect(remote, connectTimeout);
    }

    @Override
    public Server serve(Endpoint local, SessionFactory sessions) throws IOException {
      observed = new Observed(sessions);
      return tcp.serve(local, observed);
    }
  }

  @Test
  void aSlowClientGetsTheWholeSliceThenThePipelinedAnswersWhileTheServerQueuesLittle()
      throws Exception {
    byte[] content = AbstractHftpEndToEndTest.randomBytes(SIZE, 21);
    Files.write(dir.resolve("big.bin"), content);
    Files.writeString(dir.resolve("hello.txt"), "hello, world\n", US_ASCII);
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    expected.writeBytes(
        ("0 OK\r\n" + Base64.getEncoder().encodeToString(content)).getBytes(US_ASCII));
    expected.writeBytes("\r\n0 OK\r\n13\r\n0 OK\r\nd29ybGQ=\r\n0 OK\r\n".getBytes(US_ASCII));
    byte[] wire = expected.toByteArray();

    ObservingTransport transport = new ObservingTransport();
    try (HftpServer server = HftpServer.start(transport, dir, Endpoint.of("127.0.0.1", 0));
        Connection client =
            transport.connect(Endpoint.of("127.0.0.1", server.address().getPort()), WAIT)) {
      Observed observed = transport.observed;
      client.readTimeout(WAIT);
      client.sendAll(
          ("get_slice big.bin 0 "
                  + SIZE
                  + "\r\nget_metadata hello.txt\r\n"
                  + "get_slice hello.txt 7 5\r\nquit\r\n")
              .getBytes(US_ASCII));

      // The client reads nothing yet: the server stops once the socket buffers and its queue
      // are full, far short of the slice (the loopback buffers hold a few MiB at most).
      Waiting.await("the server to stop sending", observed.stopped::get, WAIT);
      assertTrue(
          observed.written.get() < wire.length,
          "written " + observed.written.get() + " of " + wire.length + " before the client read");

      for (int read = 0; read < wire.length; read += CLIENT_READ) {
        // Slow: a piece only while the server waits for room, or once it has written everything.
        Waiting.await(
            "the server to stop or finish",
            () -> observed.stopped.get() || observed.written.get() == wire.length,
            WAIT);
        int n = Math.min(CLIENT_READ, wire.length - read);
        assertArrayEquals(
            Arrays.copyOfRange(wire, read, read + n), client.receiveExactly(n), "at " + read);
      }
      assertEquals(-1, client.input().read(), "quit closed the connection");
      assertTrue(observed.resumed.get() > 1, "resumed " + observed.resumed.get() + " times");
      assertTrue(observed.backlogsSeen.get() >= observed.resumed.get());
    }
  }
}
