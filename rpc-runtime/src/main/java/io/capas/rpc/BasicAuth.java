package io.capas.rpc;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.capas.http.Headers;
import io.capas.xmlrpc.MethodCall;
import io.capas.xmlrpc.MethodResponse;
import java.util.Base64;
import java.util.Optional;
import java.util.function.BiPredicate;
import org.jspecify.annotations.Nullable;

/**
 * HTTP basic authentication (RFC 7617) as a server interceptor ({@link
 * ServerInterceptor#basicAuth}). On the HTTP binding the server runs {@link #check} on each
 * request's head, before its body is read, and answers {@code 401} with {@code WWW-Authenticate}
 * when it fails; the interceptor then lets through the calls that got so far. A binding without
 * headers (framed, messages) has no credentials to offer: its calls get fault {@value #FAULT_CODE}.
 * Thread-safe.
 */
final class BasicAuth implements ServerInterceptor {
  /** The fault code of a call that came without credentials over a binding without headers. */
  static final int FAULT_CODE = 401;

  private final BiPredicate<String, String> credentials;

  BasicAuth(BiPredicate<String, String> credentials) {
    this.credentials = credentials;
  }

  /** Whether {@code headers} carry a {@code Basic} user and password that the check accepts. */
  boolean check(Headers headers) {
    String[] userAndPassword = decode(headers);
    if (userAndPassword == null) {
      return false;
    }
    try {
      return credentials.test(userAndPassword[0], userAndPassword[1]);
    } catch (RuntimeException e) {
      return false; // a failing check lets no one in
    }
  }

  @Override
  public MethodResponse intercept(CallContext context, MethodCall call, Chain next) {
    // On HTTP the session checked the credentials before the body: a principal means they passed.
    return context.principal().isPresent()
        ? next.proceed(context, call)
        : MethodResponse.fault(FAULT_CODE, "authentication required");
  }

  /** User and password of a {@code Basic} authorization header, or {@code null}. */
  static String @Nullable [] decode(Headers headers) {
    Optional<String> value = headers.first("Authorization");
    if (value.isEmpty() || !value.get().regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(value.get().substring(6).trim()), UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    int colon = decoded.indexOf(':');
    return colon < 0
        ? null
        : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
  }

  /** Compares without an early exit, so that timing does not reveal how much of a guess matched. */
  static boolean equalsConstantTime(String actual, String expected) {
    int diff = actual.length() ^ expected.length();
    for (int i = 0; i < expected.length(); i++) {
      char a = i < actual.length() ? actual.charAt(i) : 0;
      diff |= a ^ expected.charAt(i);
    }
    return diff == 0;
  }
}
