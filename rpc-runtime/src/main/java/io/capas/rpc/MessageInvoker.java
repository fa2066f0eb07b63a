package io.capas.rpc;

import io.capas.transport.Endpoint;
import io.capas.transport.MessageTransport;
import io.capas.transport.RequestChannel;
import io.capas.xmlrpc.MethodCall;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * XML-RPC documents as whole messages of a {@link MessageTransport} (reliable UDP), client side.
 * Retries, if any, are the transport's (reliable UDP resends with backoff, and its server runs a
 * call at most once). Safe for concurrent use.
 */
public final class MessageInvoker implements Invoker {
  private final MessageTransport transport;
  private final Endpoint remote;
  private final RpcCodec codec;
  private final String scheme;
  private @Nullable RequestChannel channel;
  private boolean closed;

  public MessageInvoker(
      MessageTransport transport, Endpoint remote, RpcCodec codec, String scheme) {
    this.transport = transport;
    this.remote = remote;
    this.codec = codec;
    this.scheme = scheme;
  }

  @Override
  public String target() {
    return scheme + "://" + remote;
  }

  @Override
  public @Nullable Object invoke(String method, List<@Nullable Object> params, Duration timeout) {
    ByteSink request = new ByteSink(512);
    try {
      codec.writeCall(new MethodCall(method, params), request);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "cannot encode the call of " + method + ": " + e.getMessage(), e);
    }
    try {
      byte[] reply = channel(method, timeout).call(request.toByteArray(), timeout);
      return Responses.result(method, codec.readResponse(new ByteArrayInputStream(reply)));
    } catch (IOException e) {
      throw Failures.map(e, method, target(), timeout);
    }
  }

  private synchronized RequestChannel channel(String method, Duration timeout) throws IOException {
    if (closed) {
      throw new RpcException(RpcException.Kind.CLOSED, method, "client closed: " + target(), null);
    }
    if (channel == null) {
      channel = transport.open(remote);
    }
    return channel;
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (channel != null) {
      channel.close();
    }
  }
}
