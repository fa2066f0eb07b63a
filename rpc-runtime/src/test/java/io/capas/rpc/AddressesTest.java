package io.capas.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.transport.Dialer;
import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.TcpTransport;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Host lookup on the client: every address in order; an unknown host is a typed failure. */
class AddressesTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void triesEveryAddressOfTheHostInOrder() throws Exception {
    try (RpcServer server =
        RpcServer.http(
                new TcpTransport(TcpConfig.defaults(), HostResolver.system()),
                Endpoint.of("127.0.0.1", 0))
            .addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b)
            .start()) {
      // 127.0.0.2 is loopback too, but nothing listens there on this port: it refuses.
      HostResolver twoAddresses =
          host ->
              List.of(
                  InetAddress.getByAddress(new byte[] {127, 0, 0, 2}),
                  InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
      try (Client client =
          HttpClientSettings.builder()
              .endpoint("service.test", server.port())
              .dialer(Dialer.system(twoAddresses))
              .timeout(WAIT)
              .build()
              .client()) {
        assertEquals(5, client.call("suma", 2, 3));
      }
    }
  }

  @Test
  void unknownHostIsUnavailableNamingTheCall() {
    HostResolver nothing =
        host -> {
          throw new UnknownHostException(host);
        };
    try (Client client =
        HttpClientSettings.builder()
            .endpoint("nowhere.test", 8000)
            .dialer(Dialer.system(nothing))
            .timeout(WAIT)
            .build()
            .client()) {
      RpcException e = assertThrows(RpcException.class, () -> client.call("suma", 1, 2));
      assertEquals(RpcException.Kind.UNAVAILABLE, e.kind());
      assertTrue(e.getMessage().contains("nowhere.test:8000"), e.getMessage());
      assertTrue(e.getMessage().contains("suma"), e.getMessage());
    }
  }
}
