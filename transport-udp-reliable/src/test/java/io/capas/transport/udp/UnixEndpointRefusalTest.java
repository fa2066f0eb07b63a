package io.capas.transport.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A Unix socket endpoint given to reliable UDP is refused by name (issue 16): its host and port
 * (localhost:0) must never become a UDP socket on loopback.
 */
class UnixEndpointRefusalTest {
  private static final Endpoint UNIX = Endpoint.unix(Path.of("/tmp/capas-none.sock"));

  @Test
  void opensAndServesRefuseAUnixEndpoint() {
    ReliableUdpTransport udp =
        new ReliableUdpTransport(ReliableUdpConfig.defaults(), HostResolver.system());
    String expected =
        "ReliableUdpTransport speaks UDP over IP; unix:/tmp/capas-none.sock is a Unix socket"
            + " (UnixTransport serves it)";
    assertEquals(
        expected, assertThrows(IllegalArgumentException.class, () -> udp.open(UNIX)).getMessage());
    assertEquals(
        expected,
        assertThrows(
                IllegalArgumentException.class, () -> udp.serve(UNIX, (request, from) -> request))
            .getMessage());
  }
}
