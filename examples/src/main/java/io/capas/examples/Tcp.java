package io.capas.examples;

import io.capas.transport.HostResolver;
import io.capas.transport.Transport;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.TcpTransport;

/** The TCP transport the examples serve and dial with. Thread-safe (static methods only). */
final class Tcp {
  private Tcp() {}

  /** TCP with the default configuration (the multiplexed server model). */
  static Transport transport() {
    return transport(TcpConfig.defaults());
  }

  /** TCP with {@code config}. */
  static Transport transport(TcpConfig config) {
    return new TcpTransport(config, HostResolver.system());
  }
}
