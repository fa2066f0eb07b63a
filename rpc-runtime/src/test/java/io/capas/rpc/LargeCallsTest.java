package io.capas.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.TcpTransport;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Multi-megabyte calls over real TCP, on every server model, over HTTP and over frames. */
class LargeCallsTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @ParameterizedTest
  @EnumSource(TcpConfig.Model.class)
  void echoesTwoMegabytesOverHttpAndFrames(TcpConfig.Model model) {
    TcpTransport transport =
        new TcpTransport(
            TcpConfig.defaults().toBuilder().model(model).build(), HostResolver.system());
    String big = "0123456789abcdef".repeat(128 * 1024);
    Endpoint local = Endpoint.of("127.0.0.1", 0);
    try (RpcServer http =
            RpcServer.http(transport, local).addMethod("echo", Object.class, x -> x).start();
        RpcServer framed =
            RpcServer.framed(transport, local).addMethod("echo", Object.class, x -> x).start();
        Client httpClient =
            HttpClientSettings.builder()
                .endpoint("127.0.0.1", http.port())
                .dialer(transport)
                .timeout(WAIT)
                .build()
                .client();
        Client framedClient =
            FramedClientSettings.builder()
                .endpoint("127.0.0.1", framed.port())
                .dialer(transport)
                .timeout(WAIT)
                .build()
                .client()) {
      for (int i = 0; i < 2; i++) {
        assertEquals(big, httpClient.call("echo", big), model.toString());
        assertEquals(big, framedClient.call("echo", big), model.toString());
        assertEquals("small", httpClient.call("echo", "small"));
      }
    }
  }
}
