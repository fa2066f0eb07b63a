package io.capas.rpc;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A handler taking any number of parameters of one type (the course's {@code
 * addtogether(*things)}).
 */
@FunctionalInterface
public interface RpcVarargsFunction<T> {
  @Nullable Object apply(List<T> params) throws Exception;
}
