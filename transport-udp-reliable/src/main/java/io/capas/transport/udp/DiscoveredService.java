package io.capas.transport.udp;

import static com.google.common.base.Preconditions.checkArgument;

import java.net.InetSocketAddress;

/** A server that answered a discovery broadcast. Immutable and thread-safe. */
public record DiscoveredService(String name, InetSocketAddress address) {
  public DiscoveredService {
    checkArgument(!name.isEmpty(), "empty service name");
  }
}
