package io.capas.rpc;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.transport.Connection;
import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.TcpTransport;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Connection listeners hear each connection opened, closed and refused, on every stream binding.
 */
@Timeout(60)
class ConnectionListenerTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final TcpTransport transport =
      new TcpTransport(TcpConfig.defaults(), HostResolver.system());

  /** Records what it hears; {@link #closed} counts down once per connection closed. */
  private static final class Recording implements ConnectionListener {
    final List<String> events = new CopyOnWriteArrayList<>();
    final CountDownLatch closed;

    Recording(int closes) {
      closed = new CountDownLatch(closes);
    }

    @Override
    public void opened(ConnectionListener.Connection connection) {
      events.add("opened " + connection.binding() + " " + local(connection));
    }

    @Override
    public void closed(ConnectionListener.Connection connection) {
      events.add("closed " + connection.binding() + " " + local(connection));
      closed.countDown();
    }

    @Override
    public void rejected(ConnectionListener.Connection connection, String reason) {
      events.add("rejected " + connection.binding() + " " + reason);
    }

    private static boolean local(ConnectionListener.Connection connection) {
      return connection.remoteAddress() != null
          && connection.remoteAddress().getAddress().isLoopbackAddress();
    }
  }

  private static final ConnectionListener BROKEN =
      new ConnectionListener() {
        @Override
        public void opened(ConnectionListener.Connection connection) {
          throw new IllegalStateException("a broken listener changes nothing");
        }

        @Override
        public void closed(ConnectionListener.Connection connection) {
          throw new IllegalStateException("a broken listener changes nothing");
        }
      };

  @Test
  void httpConnectionsAreHeardOpenedThenClosed() throws InterruptedException {
    Recording recording = new Recording(1);
    try (RpcServer server =
        RpcServer.http(transport, Endpoint.of("127.0.0.1", 0))
            .addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b)
            .listenConnections(BROKEN)
            .listenConnections(recording)
            .start()) {
      try (Client client = Client.connect(server.url())) {
        assertEquals(5, client.call("suma", 2, 3));
        assertEquals(7, client.call("suma", 3, 4)); // the same kept-alive connection
        assertEquals(List.of("opened http true"), recording.events);
      }
      assertTrue(recording.closed.await(WAIT.toSeconds(), TimeUnit.SECONDS));
    }
    assertEquals(List.of("opened http true", "closed http true"), recording.events);
  }

  @Test
  void framedAndScgiConnectionsAreHeardToo() throws InterruptedException {
    // One recording per server: a server hears a close when its loop sees it, in no set order.
    Recording framedEvents = new Recording(1);
    Recording scgiEvents = new Recording(1);
    try (RpcServer framed =
            RpcServer.framed(transport, Endpoint.of("127.0.0.1", 0))
                .addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b)
                .listenConnections(framedEvents)
                .start();
        RpcServer scgi =
            RpcServer.scgi(transport, Endpoint.of("127.0.0.1", 0))
                .addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b)
                .listenConnections(scgiEvents)
                .start()) {
      try (Client client =
          TcpBinding.FRAMED.client(transport, Endpoint.of("127.0.0.1", framed.port()), WAIT)) {
        assertEquals(5, client.call("suma", 2, 3));
      }
      try (Client client =
          ScgiClientSettings.builder().url(scgi.url()).timeout(WAIT).build().client()) {
        assertEquals(5, client.call("suma", 2, 3)); // SCGI: one connection per call
      }
      assertTrue(framedEvents.closed.await(WAIT.toSeconds(), TimeUnit.SECONDS));
      assertTrue(scgiEvents.closed.await(WAIT.toSeconds(), TimeUnit.SECONDS));
    }
    assertEquals(List.of("opened framed true", "closed framed true"), framedEvents.events);
    assertEquals(List.of("opened scgi true", "closed scgi true"), scgiEvents.events);
  }

  @Test
  void aConnectionPastTheHttpLimitIsHeardRejectedNotOpened()
      throws IOException, InterruptedException {
    Recording recording = new Recording(1);
    try (RpcServer server =
        RpcServer.http(
                transport,
                Endpoint.of("127.0.0.1", 0),
                HttpServerSettings.defaults().withMaxConnections(1))
            .addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b)
            .listenConnections(recording)
            .start()) {
      Endpoint at = Endpoint.of("127.0.0.1", server.port());
      try (Connection first = transport.connect(at, WAIT)) {
        first.readTimeout(WAIT);
        first.sendAll(RawHttp.post("/RPC2", RawHttp.call("suma", "1", "1")).getBytes(UTF_8));
        assertEquals(200, RawHttp.read(first).status());
        try (Connection second = transport.connect(at, WAIT)) {
          second.readTimeout(WAIT);
          second.sendAll(RawHttp.post("/RPC2", RawHttp.call("suma", "1", "1")).getBytes(UTF_8));
          assertEquals(503, RawHttp.read(second).status());
        }
      }
      assertTrue(recording.closed.await(WAIT.toSeconds(), TimeUnit.SECONDS));
    }
    assertEquals(
        List.of("opened http true", "rejected http connection limit", "closed http true"),
        recording.events);
  }
}
