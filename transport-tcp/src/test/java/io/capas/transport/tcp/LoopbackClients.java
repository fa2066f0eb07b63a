package io.capas.transport.tcp;

import io.capas.transport.Connection;
import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.Server;
import java.io.IOException;
import java.time.Duration;

/** Clients the transport tests open to their servers on loopback. */
final class LoopbackClients {
  private LoopbackClients() {}

  /**
   * A plain TCP client of {@code server} on 127.0.0.1, connecting and reading within {@code wait}.
   */
  static Connection connect(Server server, Duration wait) throws IOException {
    Connection connection =
        new TcpTransport(TcpConfig.defaults(), HostResolver.system())
            .connect(Endpoint.of("127.0.0.1", server.address().getPort()), wait);
    connection.readTimeout(wait);
    return connection;
  }
}
