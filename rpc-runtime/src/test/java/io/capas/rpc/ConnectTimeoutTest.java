package io.capas.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.testing.transport.SilentListener;
import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.TcpTransport;
import java.io.IOException;
import java.time.Duration;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A connection that cannot be made within the connect timeout, while the call's own deadline is
 * still far, is {@code UNAVAILABLE}: no byte of the request left, so a client over several servers
 * may send the call to another. Only a connect cut short by the call's deadline is {@code TIMEOUT}.
 * The peer is a {@link SilentListener}: a connect to it waits, as to a host that went silent.
 */
class ConnectTimeoutTest {
  private static final Duration CALL = Duration.ofSeconds(30);
  private static final Duration CONNECT = Duration.ofMillis(300);

  private SilentListener silent;

  @BeforeEach
  void openASilentPort() throws IOException {
    silent = SilentListener.open();
  }

  @AfterEach
  void close() throws IOException {
    silent.close();
  }

  private int silentPort() {
    return silent.port();
  }

  /** Each binding's client to {@code port}, with the short connect timeout and a long call one. */
  static Stream<Arguments> bindings() {
    IntFunction<Client> http =
        port ->
            HttpClientSettings.builder()
                .endpoint("127.0.0.1", port)
                .connectTimeout(CONNECT)
                .timeout(CALL)
                .build()
                .client();
    IntFunction<Client> framed =
        port ->
            FramedClientSettings.builder()
                .endpoint("127.0.0.1", port)
                .connectTimeout(CONNECT)
                .timeout(CALL)
                .build()
                .client();
    IntFunction<Client> scgi =
        port ->
            ScgiClientSettings.builder()
                .endpoint("127.0.0.1", port)
                .connectTimeout(CONNECT)
                .timeout(CALL)
                .build()
                .client();
    return Stream.of(
        Arguments.of("http", http), Arguments.of("framed", framed), Arguments.of("scgi", scgi));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bindings")
  void aConnectTimeoutIsUnavailable(String binding, IntFunction<Client> clientTo) {
    try (Client client = clientTo.apply(silentPort())) {
      RpcException e = assertThrows(RpcException.class, () -> client.call("suma", 2, 3));
      assertEquals(RpcException.Kind.UNAVAILABLE, e.kind(), e::toString);
      assertTrue(e.getMessage().contains("within 300 ms"), e.getMessage());
      assertTrue(MultiEndpointInvoker.notProcessed(e), e::toString);
    }
  }

  @Test
  void aConnectCutShortByTheCallsDeadlineIsTimeout() {
    try (Client client =
        HttpClientSettings.builder()
            .endpoint("127.0.0.1", silentPort())
            .connectTimeout(CALL)
            .timeout(CONNECT)
            .build()
            .client()) {
      RpcException e = assertThrows(RpcException.class, () -> client.call("suma", 2, 3));
      assertEquals(RpcException.Kind.TIMEOUT, e.kind(), e::toString);
    }
  }

  @Test
  void aClientOverSeveralServersGoesOnPastASilentOne() {
    try (RpcServer server =
            RpcServer.http(
                    new TcpTransport(TcpConfig.defaults(), HostResolver.system()),
                    Endpoint.of("127.0.0.1", 0))
                .addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b)
                .start();
        Client client =
            MultiEndpointSettings.builder()
                .url("http://127.0.0.1:" + silentPort() + "/RPC2")
                .url("http://127.0.0.1:" + server.port() + "/RPC2")
                .policy(MultiEndpointSettings.Policy.PICK_FIRST)
                .options(ClientOptions.defaults().withTimeout(CALL).withConnectTimeout(CONNECT))
                .build()
                .client()) {
      assertEquals(5, client.call("suma", 2, 3));
      // The silent server is ejected: the next calls go straight to the live one.
      assertEquals(9, client.call("suma", 4, 5));
    }
  }
}
