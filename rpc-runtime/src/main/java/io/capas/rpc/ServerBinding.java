package io.capas.rpc;

import io.capas.transport.Endpoint;
import io.capas.transport.Server;
import java.io.IOException;

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
}
