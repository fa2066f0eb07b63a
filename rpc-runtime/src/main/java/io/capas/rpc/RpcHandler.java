package io.capas.rpc;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A method body that takes the call's parameters as XML-RPC values: {@code Integer}, {@code Long},
 * {@code Boolean}, {@code String}, {@code Double}, {@code java.time.LocalDateTime}, {@code byte[]},
 * {@code List<Object>}, {@code Map<String, Object>} and {@code null} for nil.
 *
 * <p>It returns a value of those types (or a {@code Set}, array, {@code Float}, {@code Short},
 * {@code Byte} or {@code Character}, converted on the way out). Throw {@link RpcFault} to choose
 * the fault. Must be safe for concurrent use.
 *
 * <p>The nested interfaces are the typed forms that {@link RpcServer#addMethod(String, Class,
 * RpcHandler.Function1)} and its siblings take: dispatch converts and checks each parameter against
 * its class before the body runs (a mismatch is fault -32602).
 */
@FunctionalInterface
public interface RpcHandler {
  @Nullable Object handle(List<@Nullable Object> params) throws Exception;

  /** A typed body of 1 parameter. */
  @FunctionalInterface
  interface Function1<A1> {
    @Nullable Object apply(A1 a1) throws Exception;
  }

  /** A typed body of 2 parameters. */
  @FunctionalInterface
  interface Function2<A1, A2> {
    @Nullable Object apply(A1 a1, A2 a2) throws Exception;
  }

  /** A typed body of 3 parameters. */
  @FunctionalInterface
  interface Function3<A1, A2, A3> {
    @Nullable Object apply(A1 a1, A2 a2, A3 a3) throws Exception;
  }

  /** A body taking any number of parameters of one type (Python's {@code def f(*things)}). */
  @FunctionalInterface
  interface Varargs<T> {
    @Nullable Object apply(List<T> params) throws Exception;
  }
}
