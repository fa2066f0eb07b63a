package io.capas.rpc;

import io.capas.xmlrpc.MethodCall;
import io.capas.xmlrpc.MethodResponse;
import java.util.function.BiPredicate;

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

  /**
   * HTTP basic authentication (RFC 7617) with a check of your own: {@code credentials.test(user,
   * password)} decides (a directory lookup, a hashed password file...). On the HTTP binding the
   * credentials are checked on the request's head, before its body is read: a refused request gets
   * {@code 401} with {@code WWW-Authenticate} and costs no parsing. Over bindings without headers
   * (framed, messages) every call is refused with fault 401. The user becomes {@link
   * CallContext#principal()}. Use it over TLS or a trusted network only: the password crosses the
   * wire in base64. Add it first, so that the interceptors after it see authenticated calls only.
   */
  static ServerInterceptor basicAuth(BiPredicate<String, String> credentials) {
    return new BasicAuth(credentials);
  }

  /** {@link #basicAuth(BiPredicate)} for one user, compared in constant time. */
  static ServerInterceptor basicAuth(String user, String password) {
    return new BasicAuth(
        (u, p) -> {
          // Both compared, whatever the first says: timing tells nothing about which was wrong.
          boolean userMatches = BasicAuth.equalsConstantTime(u, user);
          boolean passwordMatches = BasicAuth.equalsConstantTime(p, password);
          return userMatches && passwordMatches;
        });
  }
}
