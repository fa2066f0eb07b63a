package io.capas.rpc;

import org.jspecify.annotations.Nullable;

/**
 * Sees every call a {@link Client} makes, before it is sent and its result or failure after: add
 * headers (a bearer token), log, time, retry. Interceptors form a chain in the order they were
 * added ({@link Client#withInterceptor}); each calls {@link Chain#proceed} to go on, with the call
 * as it is or changed.
 *
 * <pre>{@code
 * Client authed = client.withInterceptor(
 *     (call, next) -> next.proceed(call.withHeader("Authorization", "Bearer " + token.get())));
 * }</pre>
 *
 * <p>Must be safe for concurrent use. Headers reach the server on the HTTP binding only.
 */
@FunctionalInterface
public interface ClientInterceptor {

  @Nullable Object intercept(ClientCall call, Chain next);

  /** The rest of the chain: the next interceptors, then the binding. */
  @FunctionalInterface
  interface Chain {
    @Nullable Object proceed(ClientCall call);
  }
}
