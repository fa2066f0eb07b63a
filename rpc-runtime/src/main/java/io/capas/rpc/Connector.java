package io.capas.rpc;

import io.capas.transport.Connection;
import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.TcpMaster;
import java.io.IOException;
import java.time.Duration;

/**
 * Opens client connections: {@code Transport::connect} fits, and {@link #system()} uses the JDK
 * sockets of transport-api. Implementations try every address of the host in order. Safe for
 * concurrent use.
 */
@FunctionalInterface
public interface Connector {
  Connection connect(Endpoint remote, Duration connectTimeout) throws IOException;

  /** Plain JDK TCP sockets, every resolved address tried in order. */
  static Connector system() {
    return system(HostResolver.system());
  }

  /**
   * JDK TCP sockets; every address {@code resolver} returns is tried in order until one accepts.
   */
  static Connector system(HostResolver resolver) {
    return (remote, timeout) ->
        TcpMaster.create(resolver).connect(remote.host(), remote.port(), timeout);
  }
}
