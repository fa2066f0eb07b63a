package io.capas.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.rpc.RpcServer;
import io.capas.testing.transport.SilentListener;
import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.udp.ReliableUdpConfig;
import io.capas.transport.udp.ReliableUdpTransport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 12, item 8: {@code capas call --timeout 1} ends in about a second on every URL scheme,
 * whatever the server does: exit 2 and one line naming the timeout.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CallDeadlineCommandTest {
  private static final long BOUND_NANOS = TimeUnit.SECONDS.toNanos(3);

  private static void assertTimesOut(String url) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    long start = System.nanoTime();
    int exit =
        Main.run(
            new String[] {"call", "--timeout", "1", url, "suma", "1", "2"},
            new PrintStream(out, true, UTF_8),
            new PrintStream(err, true, UTF_8));
    long took = System.nanoTime() - start;
    String text = err.toString(UTF_8);
    assertEquals(2, exit, text);
    assertTrue(text.contains("within 1 s"), text);
    assertEquals(1, text.lines().count(), text);
    assertTrue(took < BOUND_NANOS, url + " took " + took / 1_000_000 + " ms");
  }

  @Test
  void udpServerThatNeverAnswers() throws Exception {
    try (DatagramSocket silent =
        new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      silent.setSoTimeout(50);
      Thread drain =
          Thread.ofPlatform()
              .daemon()
              .start(
                  () -> {
                    byte[] buf = new byte[65_536];
                    // Bounded: ends when the socket is closed.
                    while (!silent.isClosed()) {
                      try {
                        silent.receive(new DatagramPacket(buf, buf.length));
                      } catch (IOException e) {
                        // timeout or closed: check again
                      }
                    }
                  });
      try {
        assertTimesOut("udp://127.0.0.1:" + silent.getLocalPort());
      } finally {
        silent.close();
        drain.join(TimeUnit.SECONDS.toMillis(20));
      }
    }
  }

  @Test
  void udpServerThatAnswersLate() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (RpcServer server =
        RpcServer.messages(
                new ReliableUdpTransport(ReliableUdpConfig.defaults(), HostResolver.system()),
                Endpoint.of("127.0.0.1", 0))
            .addMethod(
                "suma",
                params -> {
                  release.await(20, TimeUnit.SECONDS);
                  return 3;
                })
            .start()) {
      assertTimesOut("udp://127.0.0.1:" + server.port());
    } finally {
      release.countDown();
    }
  }

  /** Sends a 200-byte frame header, then one byte every 150 ms (at most 100). */
  @Test
  void framedServerThatTrickles() throws Exception {
    try (ServerSocket listener = new ServerSocket()) {
      listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      Thread peer =
          Thread.ofPlatform()
              .daemon()
              .start(
                  () -> {
                    try (Socket s = listener.accept()) {
                      s.getInputStream().read(new byte[4096]);
                      OutputStream out = s.getOutputStream();
                      out.write(ByteBuffer.allocate(4).putInt(200).array());
                      for (int i = 0; i < 100; i++) {
                        out.write('x');
                        out.flush();
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(150));
                      }
                    } catch (IOException e) {
                      // the client gave up: expected
                    }
                  });
      try {
        assertTimesOut("framed://127.0.0.1:" + listener.getLocalPort());
      } finally {
        listener.close();
        peer.join(TimeUnit.SECONDS.toMillis(20));
      }
    }
  }

  /** A silent host costs the connect timeout, not the whole --timeout, and is named unavailable. */
  @Test
  void aSilentHostFailsAtTheConnectTimeout() throws Exception {
    try (SilentListener silent = SilentListener.open()) {
      String url = "http://127.0.0.1:" + silent.port() + "/RPC2";
      Cli.Run result =
          Cli.run("call", "--timeout", "30", "--connect-timeout", "0.3", url, "suma", "1", "2");
      assertEquals(2, result.exit(), result::toString);
      assertTrue(result.err().contains("within 300 ms (the connect timeout)"), result::toString);
      assertEquals(1, result.err().lines().count(), result::toString);
    }
  }

  @Test
  void aConnectTimeoutOutOfRangeIsAUsageError() {
    Cli.Run result =
        Cli.run("call", "--connect-timeout", "0", "http://127.0.0.1:9/RPC2", "suma", "1", "2");
    assertEquals(2, result.exit(), result::toString);
    assertTrue(
        result.err().contains("--connect-timeout must be in (0, 86400] seconds: 0"),
        result::toString);
  }
}
