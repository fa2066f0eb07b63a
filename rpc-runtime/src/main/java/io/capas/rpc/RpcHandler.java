package io.capas.rpc;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A method body that takes the call's parameters as XML-RPC values: {@code Integer}, {@code Long},
 * {@code Boolean}, {@code String}, {@code Double}, {@code java.time.LocalDateTime}, {@code byte[]},
 * {@code List<Object>}, {@code Map<String, Object>} and {@code null} for nil.
 *
 * <p>It returns a value of those types (or anything {@link Values#toWire} converts). Throw {@link
 * RpcFault} to choose the fault. Must be safe for concurrent use.
 */
@FunctionalInterface
public interface RpcHandler {
  @Nullable Object handle(List<@Nullable Object> params) throws Exception;
}
