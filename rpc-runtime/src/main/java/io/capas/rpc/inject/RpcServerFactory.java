package io.capas.rpc.inject;

import io.capas.rpc.RpcServer;
import io.capas.transport.Endpoint;

/**
 * Creates {@link RpcServer}s on the binding, transport and codec of a Dagger component. Safe for
 * concurrent use.
 */
@FunctionalInterface
public interface RpcServerFactory {
  /** A new server (not started) on {@code local}; register methods, then start it. */
  RpcServer create(Endpoint local);
}
