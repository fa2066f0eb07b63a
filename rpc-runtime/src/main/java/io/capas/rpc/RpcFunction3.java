package io.capas.rpc;

import org.jspecify.annotations.Nullable;

/**
 * A typed handler of 3 parameter(s), registered with the parameter classes so that dispatch can
 * convert and check them (see {@link MethodRegistry#add(String, Class, Class, Class,
 * RpcFunction3)}).
 */
@FunctionalInterface
public interface RpcFunction3<A1, A2, A3> {
  @Nullable Object apply(A1 a1, A2 a2, A3 a3) throws Exception;
}
