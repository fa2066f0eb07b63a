package io.capas.rpc;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.transport.Connection;
import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.TcpTransport;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The HTTP binding's rules hold on every TCP server model: the session is written once. */
class ServerModelsTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @ParameterizedTest
  @EnumSource(TcpConfig.Model.class)
  void pipeliningKeepAliveAnd405OnEveryModel(TcpConfig.Model model) throws Exception {
    TcpTransport transport =
        new TcpTransport(
            TcpConfig.defaults().toBuilder().model(model).build(), HostResolver.system());
    try (RpcServer server =
            RpcServer.http(transport, Endpoint.of("127.0.0.1", 0))
                .addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b)
                .start();
        Connection c = transport.connect(Endpoint.of("127.0.0.1", server.port()), WAIT)) {
      c.readTimeout(WAIT);
      String three =
          RawHttp.post("/RPC2", RawHttp.call("suma", "1", "2"))
              + "GET /RPC2 HTTP/1.1\r\nHost: x\r\n\r\n"
              + RawHttp.post("/", RawHttp.call("suma", "20", "22"));
      c.sendAll(three.getBytes(UTF_8));
      assertTrue(RawHttp.read(c).text().contains("<int>3</int>"), model.toString());
      assertEquals(405, RawHttp.read(c).status(), model.toString());
      assertTrue(RawHttp.read(c).text().contains("<int>42</int>"), model.toString());

      // Clients in parallel (the sequential model serves them one after another).
      try (Client client =
          HttpClientSettings.builder()
              .endpoint("127.0.0.1", server.port())
              .dialer(transport)
              .maxIdleConnections(0)
              .timeout(WAIT)
              .build()
              .client()) {
        c.close();
        List<CompletableFuture<Object>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          calls.add(client.callAsync("suma", i, i));
        }
        for (int i = 0; i < 20; i++) {
          assertEquals(2 * i, calls.get(i).get(WAIT.toSeconds(), TimeUnit.SECONDS));
        }
      }
    }
  }

  /**
   * {@link RpcServer#close()} closes every connection at once, that of a call whose handler is
   * still running too: its caller fails within moments instead of waiting for its own timeout, and
   * the port stops accepting, although the handler has not returned.
   */
  @ParameterizedTest
  @EnumSource(TcpConfig.Model.class)
  void closeEndsTheConnectionOfABlockedHandler(TcpConfig.Model model) throws Exception {
    TcpTransport transport =
        new TcpTransport(
            TcpConfig.defaults().toBuilder().model(model).build(), HostResolver.system());
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    RpcServer server =
        RpcServer.http(transport, Endpoint.of("127.0.0.1", 0))
            .addMethod(
                "block",
                params -> {
                  entered.countDown();
                  release.await();
                  return "released";
                })
            .start();
    try (Client client =
        HttpClientSettings.builder()
            .endpoint("127.0.0.1", server.port())
            .dialer(transport)
            .timeout(WAIT)
            .build()
            .client()) {
      CompletableFuture<Object> call = client.callAsync("block");
      assertTrue(entered.await(WAIT.toSeconds(), TimeUnit.SECONDS), model.toString());
      int port = server.port();
      server.close();
      // The port is let go at once, though a handler still holds a thread of the server.
      assertThrows(
          ConnectException.class,
          () -> new Socket(InetAddress.getLoopbackAddress(), port).close(),
          model.toString());
      // Well inside the call's own 30 s timeout: the close, not the timeout, ended it.
      ExecutionException failed =
          assertThrows(ExecutionException.class, () -> call.get(10, TimeUnit.SECONDS));
      RpcException e = assertInstanceOf(RpcException.class, failed.getCause(), model.toString());
      assertNotEquals(RpcException.Kind.TIMEOUT, e.kind(), model + ": " + e);
    } finally {
      release.countDown();
      server.close();
    }
  }
}
