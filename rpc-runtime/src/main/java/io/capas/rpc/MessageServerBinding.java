package io.capas.rpc;

import io.capas.transport.Endpoint;
import io.capas.transport.MessageTransport;
import io.capas.transport.Server;
import java.io.IOException;

/**
 * XML-RPC documents as whole messages of a {@link MessageTransport}: each request message is one
 * {@code <methodCall>}, each reply one {@code <methodResponse>}. Over reliable UDP this gives
 * {@code capas serve --transport udp}. Immutable and thread-safe.
 */
final class MessageServerBinding implements ServerBinding {
  private final MessageTransport transport;
  private final String scheme;

  public MessageServerBinding(MessageTransport transport) {
    this(transport, "udp");
  }

  /** {@code scheme} names the transport in {@link #url} (e.g. {@code udp}). */
  public MessageServerBinding(MessageTransport transport, String scheme) {
    this.transport = transport;
    this.scheme = scheme;
  }

  @Override
  public Server start(Endpoint local, CallProcessor calls) throws IOException {
    return transport.serve(
        local,
        (request, from) -> calls.process(request, CallContext.Origin.of(scheme, null, from)));
  }

  @Override
  public String url(String host, int port) {
    return scheme + "://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
