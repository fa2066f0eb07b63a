package io.capas.rpc;

import java.net.InetSocketAddress;
import org.jspecify.annotations.Nullable;

/**
 * Hears the connections a server opens, closes and refuses: the hook for an open-connections gauge
 * and a rejected-connections counter, beside {@link CallListener} for calls. Added with {@link
 * RpcServer#listenConnections(ConnectionListener)}.
 *
 * <p>Stream bindings only ({@code http}, {@code framed}, {@code scgi}); the message binding (UDP)
 * has no connections. {@link #rejected} is a connection the binding refuses (the HTTP binding past
 * {@link HttpServerSettings#maxConnections()}, answered 503); one the transport closes before the
 * binding sees it (past {@code TcpConfig.maxConnections}) is not heard here. Every {@link #opened}
 * is followed by exactly one {@link #closed}, whoever closes the connection; a rejected connection
 * is neither opened nor closed.
 *
 * <p>Called on the connection's thread; must be quick and safe for concurrent use. What a listener
 * throws is logged and ignored. With no listener the bindings add nothing to a connection.
 */
public interface ConnectionListener {
  /** A connection was accepted and will be served. */
  default void opened(Connection connection) {}

  /** A connection {@linkplain #opened opened} before is closed. */
  default void closed(Connection connection) {}

  /**
   * A connection was refused: answered (if the binding answers anything) and closed without being
   * served; {@code reason} is short and fixed per cause, e.g. {@value #CONNECTION_LIMIT}.
   */
  default void rejected(Connection connection, String reason) {}

  /** The reason given for a connection past the binding's connection limit. */
  String CONNECTION_LIMIT = "connection limit";

  /**
   * One connection of a server.
   *
   * @param binding {@code http}, {@code framed} or {@code scgi}, as {@link CallContext#binding()}
   * @param localAddress the server's end, when it has an address (not on a Unix socket)
   * @param remoteAddress the peer's end, when it has an address
   */
  record Connection(
      String binding,
      @Nullable InetSocketAddress localAddress,
      @Nullable InetSocketAddress remoteAddress) {}
}
