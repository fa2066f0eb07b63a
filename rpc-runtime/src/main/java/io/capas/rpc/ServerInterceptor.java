package io.capas.rpc;

import io.capas.xmlrpc.MethodCall;
import io.capas.xmlrpc.MethodResponse;

/**
 * Sees every call a server answers, after its document is read and before it is dispatched, and the
 * response after: authentication and authorisation, access logs, metrics, rate or size limits.
 * Interceptors form a chain in the order they were added ({@link RpcServer#intercept}); each calls
 * {@link Chain#proceed} to go on, or returns a response of its own (a fault) to answer the call
 * without dispatching it.
 *
 * <pre>{@code
 * server.intercept((context, call, next) ->
 *     context.principal().isPresent() || call.methodName().startsWith("system.")
 *         ? next.proceed(context, call)
 *         : MethodResponse.fault(403, "sign in first"));
 * }</pre>
 *
 * <p>Runs on the thread that runs the handler; must be safe for concurrent use. What it throws
 * becomes a fault (-32500, or the {@link RpcFault} it threw), as a handler's would.
 */
@FunctionalInterface
public interface ServerInterceptor {

  MethodResponse intercept(CallContext context, MethodCall call, Chain next) throws Exception;

  /** The rest of the chain: the next interceptors, then the handler. */
  @FunctionalInterface
  interface Chain {
    MethodResponse proceed(CallContext context, MethodCall call);
  }
}
