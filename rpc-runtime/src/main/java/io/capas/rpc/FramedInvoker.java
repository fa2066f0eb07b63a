package io.capas.rpc;

import io.capas.transport.Connection;
import io.capas.transport.Dialer;
import io.capas.transport.Endpoint;
import io.capas.xmlrpc.MethodCall;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * XML-RPC over length-prefixed frames, client side (see {@link FramedServerBinding} for the wire):
 * what the {@linkplain PooledFramedInvoker pooled} and {@linkplain PipelinedFramedInvoker
 * pipelined} ways of using connections share (see {@link FramedClientSettings}).
 */
abstract class FramedInvoker implements Invoker {
  private static final byte[] NO_LENGTH = new byte[4];

  final FramedClientSettings settings;
  final RpcCodec codec;
  final int maxFrame;
  private final Dialer dialer;
  private final Endpoint remote;
  private final String target;

  FramedInvoker(FramedClientSettings settings) {
    this.settings = settings;
    this.dialer = settings.dialer();
    this.remote = settings.endpoint();
    this.target = settings.url();
    this.codec = settings.codec();
    this.maxFrame = settings.maxFrameBytes();
  }

  @Override
  public final String target() {
    return target;
  }

  /** The call as one frame, its length prefix filled in. */
  final ByteSink frame(String method, List<@Nullable Object> params) {
    ByteSink frame = new ByteSink(512);
    frame.write(NO_LENGTH, 0, 4);
    try {
      codec.writeCall(new MethodCall(method, params), frame);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "cannot encode the call of " + method + ": " + e.getMessage(), e);
    }
    frame.asBuffer().putInt(0, frame.size() - 4);
    return frame;
  }

  final RpcException closed(String method) {
    return new RpcException(
        RpcException.Kind.CLOSED,
        method,
        "the client of " + target + " is closed, for method " + method,
        null);
  }

  /** Looks up and connects within the connect timeout and what is left of the call's deadline. */
  final Connection open(String method, CallDeadline deadline, Duration timeout) {
    return deadline.connect(dialer, remote, settings.connectTimeout(), method, target(), timeout);
  }
}
