package io.capas.transport;

import java.net.InetSocketAddress;
import java.time.Duration;

/** A running server. Safe for concurrent use; {@link #close()} is idempotent. */
public interface Server extends AutoCloseable {

  /** The bound address (with the real port when port 0 was asked for). */
  InetSocketAddress address();

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
