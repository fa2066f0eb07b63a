package io.capas.transport;

import java.net.InetSocketAddress;
import java.time.Duration;

/** A running server. Safe for concurrent use; {@link #close()} is idempotent. */
public interface Server extends AutoCloseable {

  /**
   * The bound address (with the real port when port 0 was asked for); for a Unix socket server, the
   * loopback address with port 0 (see {@link #endpoint()}).
   */
  InetSocketAddress address();

  /**
   * Where clients reach this server: the bound host and port, or the {@link Endpoint#unix} path of
   * a Unix socket server.
   */
  default Endpoint endpoint() {
    return Endpoint.of(address().getHostString(), address().getPort());
  }

  /** Connections open right now. */
  int activeConnections();

  /**
   * Graceful shutdown: stops accepting, lets in-flight work finish until {@code grace} passes, then
   * closes the remaining connections. Returns when every connection is closed.
   */
  void shutdown(Duration grace) throws InterruptedException;

  /** Stops accepting and closes every connection now. */
  @Override
  void close();
}
