package io.capas.testing.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.capas.transport.Endpoint;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The in-memory transport refuses a Unix socket endpoint by name (issue 16), both ways. */
class InMemoryUnixEndpointTest {
  @Test
  void connectAndServeRefuseAUnixEndpoint() {
    InMemoryTransport transport = InMemoryTransport.create();
    Endpoint unix = Endpoint.unix(Path.of("/tmp/capas-none.sock"));
    String expected =
        "InMemoryTransport numbers its servers by port; unix:/tmp/capas-none.sock is a Unix socket";
    assertEquals(
        expected,
        assertThrows(
                IllegalArgumentException.class,
                () -> transport.connect(unix, Duration.ofSeconds(1)))
            .getMessage());
    assertEquals(
        expected,
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    transport.serve(
                        unix,
                        context -> {
                          throw new AssertionError("no session is ever opened");
                        }))
            .getMessage());
  }
}
