package io.capas.rpc;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.transport.Dialer;
import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.MessageTransport;
import io.capas.transport.RequestChannel;
import io.capas.transport.RequestHandler;
import io.capas.transport.Server;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 12, item 8: a call's timeout is one deadline for the whole call (lookup, connect, write,
 * every read) on every binding, however the peer trickles or stalls. Each call here has a 1 s
 * deadline and must fail with {@link RpcException.Kind#TIMEOUT} well before 3 s.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CallDeadlineTest {
  private static final Duration DEADLINE = Duration.ofSeconds(1);
  private static final long BOUND_NANOS = TimeUnit.SECONDS.toNanos(3);
  private static final byte[] HTTP_HEAD =
      "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 200\r\n\r\n".getBytes(UTF_8);
  private static final byte[] FRAME_HEADER = ByteBuffer.allocate(4).putInt(200).array();

  /** Far larger than the socket buffers of both ends. */
  private static final String LARGE = "x".repeat(32 * 1024 * 1024);

  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void releaseBlockedPeers() {
    release.countDown();
  }

  private static Invoker http(int port, Dialer dialer, String host) {
    return HttpClientSettings.builder()
        .endpoint(host, port)
        .dialer(dialer)
        .timeout(DEADLINE)
        .build()
        .invoker();
  }

  private static void assertTimesOut(Invoker invoker, Object... params) {
    try (Client client = new Client(invoker, DEADLINE)) {
      long start = System.nanoTime();
      RpcException e = assertThrows(RpcException.class, () -> client.call("echo", params));
      long took = System.nanoTime() - start;
      assertEquals(RpcException.Kind.TIMEOUT, e.kind(), e::toString);
      assertTrue(took < BOUND_NANOS, "the call took " + took / 1_000_000 + " ms");
    }
  }

  @Test
  void httpResponseBodyTrickled() throws Exception {
    try (TricklingServer peer = TricklingServer.trickling(HTTP_HEAD, 100, 150)) {
      assertTimesOut(http(peer.port(), Dialer.system(), "127.0.0.1"), 1);
    }
  }

  @Test
  void httpResponseHeadTrickled() throws Exception {
    try (TricklingServer peer =
        TricklingServer.trickling("HTTP/1.1 200 OK\r\nX-Slow: ".getBytes(UTF_8), 100, 150)) {
      assertTimesOut(http(peer.port(), Dialer.system(), "127.0.0.1"), 1);
    }
  }

  @Test
  void httpRequestWriteBlocked() throws Exception {
    try (TricklingServer peer = TricklingServer.neverReading()) {
      assertTimesOut(http(peer.port(), Dialer.system(), "127.0.0.1"), LARGE);
    }
  }

  @Test
  void framedResponseTrickled() throws Exception {
    try (TricklingServer peer = TricklingServer.trickling(FRAME_HEADER, 100, 150)) {
      assertTimesOut(framed(peer.port(), Dialer.system(), "127.0.0.1"), 1);
    }
  }

  @Test
  void framedRequestWriteBlocked() throws Exception {
    try (TricklingServer peer = TricklingServer.neverReading()) {
      assertTimesOut(framed(peer.port(), Dialer.system(), "127.0.0.1"), LARGE);
    }
  }

  @Test
  void pipelinedResponseTrickled() throws Exception {
    try (TricklingServer peer = TricklingServer.trickling(FRAME_HEADER, 100, 150)) {
      assertTimesOut(pipelined(peer.port(), Dialer.system(), "127.0.0.1"), 1);
    }
  }

  @Test
  void pipelinedRequestWriteBlocked() throws Exception {
    try (TricklingServer peer = TricklingServer.neverReading()) {
      assertTimesOut(pipelined(peer.port(), Dialer.system(), "127.0.0.1"), LARGE);
    }
  }

  private static Invoker framed(int port, Dialer dialer, String host) {
    return FramedClientSettings.builder().endpoint(host, port).dialer(dialer).build().invoker();
  }

  private static Invoker pipelined(int port, Dialer dialer, String host) {
    return FramedClientSettings.builder()
        .endpoint(host, port)
        .dialer(dialer)
        .pipelined()
        .build()
        .invoker();
  }

  /** A lookup that hangs (until the test ends): the deadline bounds it too. */
  private Dialer slowLookup() {
    HostResolver hanging =
        host -> {
          try {
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return List.of(InetAddress.getLoopbackAddress());
        };
    return Dialer.system(hanging);
  }

  @Test
  void lookupIsInsideTheDeadline() {
    for (Function<Dialer, Invoker> binding :
        List.<Function<Dialer, Invoker>>of(
            c -> http(9, c, "slow.invalid"),
            c -> framed(9, c, "slow.invalid"),
            c -> pipelined(9, c, "slow.invalid"))) {
      assertTimesOut(binding.apply(slowLookup()), 1);
    }
  }

  /** A message transport whose lookup or call hangs, ignoring the deadline it is given. */
  private MessageTransport hanging(boolean inOpen) {
    return new MessageTransport() {
      @Override
      public RequestChannel open(Endpoint remote) {
        if (inOpen) {
          await();
        }
        return new RequestChannel() {
          @Override
          public byte[] call(byte[] request, Duration deadline) throws IOException {
            await();
            throw new IOException("released");
          }

          @Override
          public void close() {}
        };
      }

      @Override
      public Server serve(Endpoint local, RequestHandler handler) {
        throw new UnsupportedOperationException();
      }
    };
  }

  private void await() {
    try {
      release.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void messageBindingBoundsItsTransport() {
    for (boolean inOpen : new boolean[] {true, false}) {
      assertTimesOut(
          MessageClientSettings.builder()
              .transport(hanging(inOpen))
              .endpoint("127.0.0.1", 9)
              .build()
              .invoker(),
          1);
    }
  }
}
