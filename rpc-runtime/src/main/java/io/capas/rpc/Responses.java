package io.capas.rpc;

import io.capas.xmlrpc.Fault;
import io.capas.xmlrpc.MethodResponse;
import org.jspecify.annotations.Nullable;

/** Turns a decoded response into the call's result or its {@link RpcFault}. */
final class Responses {
  private Responses() {}

  static @Nullable Object result(String method, MethodResponse response) {
    if (response instanceof Fault fault) {
      throw new RpcFault(method, fault.code(), fault.message());
    }
    return ((MethodResponse.Success) response).value();
  }
}
