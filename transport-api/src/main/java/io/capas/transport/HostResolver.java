package io.capas.transport;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/** Resolves a host name to its addresses, in the order to try them. Safe for concurrent use. */
@FunctionalInterface
public interface HostResolver {

  /**
   * Returns the addresses of {@code host}, in the order to try them.
   *
   * @throws UnknownHostException the name does not resolve
   */
  List<InetAddress> resolve(String host) throws UnknownHostException;

  /** The JDK's resolver ({@code InetAddress.getAllByName}). */
  static HostResolver system() {
    return host -> Arrays.asList(InetAddress.getAllByName(host));
  }
}
