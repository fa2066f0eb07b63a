package io.capas.rpc;

import io.capas.transport.Endpoint;
import io.capas.transport.Server;
import java.io.IOException;
import java.time.Duration;

/**
 * How a {@link RpcServer} meets the network: XML-RPC over HTTP ({@link HttpServerBinding}), over
 * length-prefixed frames ({@link FramedServerBinding}), or as whole messages over a {@link
 * io.capas.transport.MessageTransport} ({@link MessageServerBinding}). Safe for concurrent use.
 */
interface ServerBinding {
  /** Starts serving {@code calls} on {@code local}; returns once connections are accepted. */
  Server start(Endpoint local, CallProcessor calls) throws IOException;

  /** The URL of a server bound to {@code host:port}, e.g. {@code http://host:port/RPC2}. */
  String url(String host, int port);

  /**
   * A graceful shutdown has started: from now on the binding answers its health check with 503 and
   * closes each connection after its current response. Nothing by default.
   */
  default void drain() {}

  /**
   * How long a graceful shutdown goes on accepting after {@link #drain()}, before it stops
   * accepting; zero by default.
   */
  default Duration drainDelay() {
    return Duration.ZERO;
  }
}
