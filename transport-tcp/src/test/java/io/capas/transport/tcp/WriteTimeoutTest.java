package io.capas.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.capas.testing.transport.Waiting;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link TcpConfig#writeTimeout()}: a peer that stops reading is disconnected once it has taken
 * none of the written bytes for the timeout, on every server model; a peer that reads slowly but
 * steadily is not.
 */
class WriteTimeoutTest {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(1);

  /** Far more than the loopback socket buffers hold (a few MiB) before the client reads. */
  private static final int TOTAL = 24 * 1024 * 1024;

  private static final int WRITE = 1024 * 1024;

  private static byte patternAt(long position) {
    return (byte) (position * 13 + (position >>> 9));
  }

  /** On the first byte received, writes {@link #TOTAL} pattern bytes, a megabyte at a time. */
  private static final SessionFactory STREAMER =
      context ->
          new Session() {
            private boolean started;

            @Override
            public void onData(ByteBuffer data) throws IOException {
              data.position(data.limit());
              if (started) {
                return;
              }
              started = true;
              ByteBuffer piece = ByteBuffer.allocate(WRITE);
              for (long sent = 0; sent < TOTAL; sent += WRITE) {
                piece.clear();
                for (int i = 0; i < WRITE; i++) {
                  piece.put(patternAt(sent + i));
                }
                piece.flip();
                context.write(piece);
              }
            }
          };

  private static Server serve(TcpConfig.Model model) throws IOException {
    TcpConfig config =
        TcpConfig.builder().model(model).selectorThreads(1).writeTimeout(WRITE_TIMEOUT).build();
    return new TcpTransport(config, HostResolver.system())
        .serve(Endpoint.of("127.0.0.1", 0), STREAMER);
  }

  private static Connection connect(Server server) throws IOException {
    TcpTransport client = new TcpTransport(TcpConfig.defaults(), HostResolver.system());
    Connection c = client.connect(Endpoint.of("127.0.0.1", server.address().getPort()), WAIT);
    c.readTimeout(WAIT);
    return c;
  }

  @ParameterizedTest
  @EnumSource(TcpConfig.Model.class)
  void aPeerThatStopsReadingIsDisconnected(TcpConfig.Model model) throws IOException {
    try (Server server = serve(model);
        Connection stuck = connect(server)) {
      stuck.sendAll(new byte[] {1});
      Waiting.await("the connection to start", () -> server.activeConnections() == 1, WAIT);
      // The client reads nothing: the server's writes stall, and the watch closes the connection.
      Waiting.await(
          model + " to close the stalled connection", () -> server.activeConnections() == 0, WAIT);
      // What reached the socket buffers can still be read; then the stream ends short of TOTAL.
      InputStream in = stuck.input();
      byte[] chunk = new byte[64 * 1024];
      long read = 0;
      for (int n; read <= TOTAL && (n = readOrReset(in, chunk)) > 0; ) {
        read += n;
      }
      assertEquals(true, read < TOTAL, model + ": read " + read + " of " + TOTAL);
    }
  }

  @ParameterizedTest
  @EnumSource(TcpConfig.Model.class)
  void aPeerThatReadsSlowlyButSteadilyGetsEverything(TcpConfig.Model model) throws IOException {
    try (Server server = serve(model);
        Connection slow = connect(server)) {
      slow.sendAll(new byte[] {1});
      InputStream in = slow.input();
      byte[] chunk = new byte[256 * 1024];
      long read = 0;
      for (int round = 0; round < 10_000 && read < TOTAL; round++) {
        int n = in.read(chunk, 0, (int) Math.min(chunk.length, TOTAL - read));
        if (n < 0) {
          break;
        }
        for (int i = 0; i < n; i++) {
          if (chunk[i] != patternAt(read + i)) {
            throw new AssertionError(model + ": wrong byte at " + (read + i));
          }
        }
        read += n;
        // Slower than the server writes, but each pause is well inside the write timeout.
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
      }
      assertEquals(TOTAL, read, model.toString());
    }
  }

  @ParameterizedTest
  @EnumSource(TcpConfig.Model.class)
  void zeroMeansNoWriteTimeout(TcpConfig.Model model) {
    assertEquals(
        Duration.ZERO,
        TcpConfig.builder().model(model).writeTimeout(Duration.ZERO).build().writeTimeout());
    assertThrows(
        IllegalArgumentException.class,
        () -> TcpConfig.builder().model(model).writeTimeout(Duration.ofSeconds(-1)).build());
  }

  /** A read that treats a reset (the server closed with bytes unsent) as the end of the stream. */
  private static int readOrReset(InputStream in, byte[] chunk) {
    try {
      return in.read(chunk);
    } catch (IOException reset) {
      return -1;
    }
  }
}
