package io.capas.rpc;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A method body that takes the {@link CallContext} of the call beside its parameters (as {@link
 * RpcHandler} takes them). The context is not part of the XML-RPC signature.
 */
@FunctionalInterface
public interface RpcContextHandler {
  @Nullable Object handle(CallContext context, List<@Nullable Object> params) throws Exception;
}
