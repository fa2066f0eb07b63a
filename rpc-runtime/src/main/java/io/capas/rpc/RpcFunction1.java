package io.capas.rpc;

import org.jspecify.annotations.Nullable;

/**
 * A typed handler of 1 parameter(s), registered with the parameter classes so that dispatch can
 * convert and check them (see {@link MethodRegistry#add(String, Class, RpcFunction1)}).
 */
@FunctionalInterface
public interface RpcFunction1<A1> {
  @Nullable Object apply(A1 a1) throws Exception;
}
