package io.capas.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.rpc.Client;
import io.capas.rpc.ConnectionListener;
import io.capas.rpc.FramedClientSettings;
import io.capas.rpc.RpcException;
import io.capas.rpc.RpcFault;
import io.capas.rpc.RpcServer;
import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.TcpTransport;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the meters count, read from the registry: bounded tags, other bindings, client errors. */
@Timeout(60)
class ServerMetricsTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final TcpTransport transport =
      new TcpTransport(TcpConfig.defaults(), HostResolver.system());
  private final MeterRegistry registry = new SimpleMeterRegistry();

  private double calls(String method, String outcome) {
    var timer =
        registry.find("capas.server.calls").tag("method", method).tag("outcome", outcome).timer();
    return timer == null ? 0 : timer.count();
  }

  @Test
  void methodTagsAreBoundedWhateverCallersSend() throws InterruptedException {
    CountDownLatch closed = new CountDownLatch(1);
    try (RpcServer server =
            ServerMetrics.builder(registry)
                .maxMethods(2)
                .tags("server", "test")
                .build()
                .bindTo(RpcServer.framed(transport, Endpoint.of("127.0.0.1", 0)))
                // Heard after the meters (listeners run in order): the gauge is down by then.
                .listenConnections(
                    new ConnectionListener() {
                      @Override
                      public void closed(Connection connection) {
                        closed.countDown();
                      }
                    })
                .addMethod("a", Integer.class, x -> x)
                .addMethod("b", Integer.class, x -> x)
                .addMethod("c", Integer.class, x -> x)
                .start();
        Client client =
            FramedClientSettings.builder()
                .endpoint(Endpoint.of("127.0.0.1", server.port()))
                .dialer(transport)
                .timeout(WAIT)
                .build()
                .client()) {
      for (int i = 0; i < 20; i++) {
        String unknown = "no.such.method" + i;
        assertThrows(RpcFault.class, () -> client.call(unknown));
      }
      assertEquals(1, client.call("a", 1));
      assertEquals(2, client.call("b", 2));
      assertEquals(3, client.call("c", 3));
    }
    assertEquals(20, calls(ServerMetrics.UNKNOWN, "fault"));
    assertEquals(1, calls("a", "success"));
    // (unknown) and a took the two names: b and c share (other).
    assertEquals(2, calls(ServerMetrics.OTHER, "success"));
    assertEquals(0, calls("b", "success") + calls("c", "success"));
    assertNull(registry.find("capas.server.calls").tag("method", "no.such.method3").timer());
    // Tags of the builder on every meter; framed connections counted like any other, and
    // closed once the server has seen the client go.
    assertTrue(closed.await(WAIT.toSeconds(), TimeUnit.SECONDS));
    assertEquals(
        0, registry.get("capas.server.connections.open").tag("server", "test").gauge().value());
  }

  @Test
  void clientErrorsAreCountedByKind() {
    int port;
    try (RpcServer gone = RpcServer.http(transport, Endpoint.of("127.0.0.1", 0)).start()) {
      port = gone.port();
    }
    try (Client client =
        ClientMetrics.of(registry, "peer", "gone")
            .bindTo(Client.connect("http://127.0.0.1:" + port + "/RPC2"))) {
      RpcException e = assertThrows(RpcException.class, () -> client.call("suma", 1, 2));
      assertEquals(RpcException.Kind.UNAVAILABLE, e.kind());
    }
    assertEquals(
        1,
        registry
            .get("capas.client.errors")
            .tag("method", "suma")
            .tag("kind", "unavailable")
            .tag("peer", "gone")
            .counter()
            .count());
    assertEquals(
        1,
        registry
            .get("capas.client.calls")
            .tag("method", "suma")
            .tag("outcome", "error")
            .timer()
            .count());
  }
}
