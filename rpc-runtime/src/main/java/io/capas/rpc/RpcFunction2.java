package io.capas.rpc;

import org.jspecify.annotations.Nullable;

/**
 * A typed handler of 2 parameter(s), registered with the parameter classes so that dispatch can
 * convert and check them (see {@link MethodRegistry#add(String, Class, Class, RpcFunction2)}).
 */
@FunctionalInterface
public interface RpcFunction2<A1, A2> {
  @Nullable Object apply(A1 a1, A2 a2) throws Exception;
}
