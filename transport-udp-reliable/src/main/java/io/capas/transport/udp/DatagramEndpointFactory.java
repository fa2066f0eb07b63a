package io.capas.transport.udp;

import io.capas.transport.DatagramEndpoint;
import java.io.IOException;
import java.net.InetSocketAddress;

/** Opens datagram endpoints: real sockets in production, a lossy in-memory network in tests. */
@FunctionalInterface
public interface DatagramEndpointFactory {

  /** Binds a new endpoint to {@code local} (port 0 picks a free port). */
  DatagramEndpoint open(InetSocketAddress local) throws IOException;

  /** Real UDP sockets (broadcast enabled, so discovery can use them). */
  static DatagramEndpointFactory system() {
    return JdkDatagramEndpoint::bind;
  }

  /**
   * Real UDP sockets that share their port with other sockets asking the same (SO_REUSEADDR): for
   * discovery responders, so that every one on a host hears a broadcast.
   */
  static DatagramEndpointFactory shared() {
    return local -> JdkDatagramEndpoint.bind(local, true);
  }
}
