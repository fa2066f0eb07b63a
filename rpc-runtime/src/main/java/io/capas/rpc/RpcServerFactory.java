package io.capas.rpc;

import io.capas.transport.Endpoint;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Creates {@link RpcServer}s on the binding and codec of a Dagger component. Immutable and
 * thread-safe.
 */
public final class RpcServerFactory {
  private final ServerBinding binding;
  private final RpcCodec codec;

  @Inject
  RpcServerFactory(ServerBinding binding, Optional<RpcCodec> codec) {
    this.binding = binding;
    this.codec = codec.orElse(XmlRpcCodec.defaults());
  }

  /** A new server (not started) on {@code local}; register methods, then start it. */
  public RpcServer create(Endpoint local) {
    return new RpcServer(binding, local).codec(codec);
  }
}
