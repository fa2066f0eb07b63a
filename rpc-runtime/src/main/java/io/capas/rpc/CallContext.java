package io.capas.rpc;

import io.capas.http.Headers;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.jspecify.annotations.Nullable;

/**
 * What a server knows about the call it is answering, beyond the parameters: the method, the
 * binding it came over, the two ends of the connection, the request's HTTP headers and the user
 * that HTTP basic authentication let in. Immutable.
 *
 * <p>A handler gets it by taking it as a parameter ({@link RpcServer#addMethod(String,
 * RpcContextHandler)}), or from {@link #current()} while it runs; {@linkplain ServerInterceptor
 * interceptors} get it before the call is dispatched. It is not part of the XML-RPC signature.
 */
public final class CallContext {
  private static final ThreadLocal<@Nullable CallContext> CURRENT = new ThreadLocal<>();

  /**
   * Where a connection's calls come from: everything but the method and the headers. Made once per
   * connection (or per datagram) by the bindings.
   */
  record Origin(
      String binding,
      @Nullable InetSocketAddress localAddress,
      @Nullable InetSocketAddress remoteAddress,
      boolean authenticated,
      Optional<SSLSession> tlsSession) {

    static Origin of(
        String binding, @Nullable InetSocketAddress local, @Nullable InetSocketAddress remote) {
      return new Origin(binding, local, remote, false, Optional.empty());
    }
  }

  /**
   * The request header in which a capas client sends the call's timeout, in milliseconds: the
   * server's {@link #deadline()} is its arrival plus that.
   */
  public static final String TIMEOUT_HEADER = "Capas-Timeout";

  /** The longest timeout a header may give: longer ones are taken as none. */
  private static final long MAX_TIMEOUT_MILLIS = Duration.ofDays(1).toMillis();

  private final String method;
  private final Origin origin;
  private final Headers headers;
  private final long arrivedNanos;

  /** One per call: the only allocation the context costs a call. */
  CallContext(String method, Origin origin, Headers headers) {
    this(method, origin, headers, System.nanoTime());
  }

  private CallContext(String method, Origin origin, Headers headers, long arrivedNanos) {
    this.method = method;
    this.origin = origin;
    this.headers = headers;
    this.arrivedNanos = arrivedNanos;
  }

  /**
   * The context of one call inside this {@code system.multicall}: its own method name, the same
   * connection, headers, principal and deadline.
   */
  CallContext inner(String innerMethod) {
    return new CallContext(innerMethod, origin, headers, arrivedNanos);
  }

  /**
   * How long the caller gives the call, all of it, when it said so ({@value #TIMEOUT_HEADER}, sent
   * by capas's HTTP client); what is left of it is {@link #remaining()}.
   */
  public Optional<Instant> deadline() {
    return remaining().map(left -> Instant.now().plus(left));
  }

  /** What is left of the caller's timeout (zero once it passed), when it said. */
  public Optional<Duration> remaining() {
    Optional<String> value = headers.first(TIMEOUT_HEADER);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    String digits = value.get().trim();
    if (digits.isEmpty() || digits.length() > 12 || !digits.chars().allMatch(Character::isDigit)) {
      return Optional.empty(); // not ours, or hostile: no deadline rather than a wrong one
    }
    long millis = Long.parseLong(digits);
    if (millis > MAX_TIMEOUT_MILLIS) {
      return Optional.empty();
    }
    long left = TimeUnit.MILLISECONDS.toNanos(millis) - (System.nanoTime() - arrivedNanos);
    return Optional.of(Duration.ofNanos(Math.max(0, left)));
  }

  /**
   * The method called. Each call inside a {@code system.multicall} goes through the interceptors
   * with a context of its own, named after it; the multicall itself is seen first as {@code
   * system.multicall}.
   */
  public String method() {
    return method;
  }

  /** {@code http}, {@code framed}, or the message binding's scheme ({@code udp}). */
  public String binding() {
    return origin.binding();
  }

  /** The server's end of the connection, when the binding has one. */
  public Optional<InetSocketAddress> localAddress() {
    return Optional.ofNullable(origin.localAddress());
  }

  /** The caller's address. */
  public Optional<InetSocketAddress> remoteAddress() {
    return Optional.ofNullable(origin.remoteAddress());
  }

  /** The first value of request header {@code name} (HTTP only; case-insensitive). */
  public Optional<String> header(String name) {
    return headers.first(name);
  }

  /**
   * The user that HTTP basic authentication let in, if the server asks for it ({@link
   * ServerInterceptor#basicAuth} or {@link HttpServerSettings#withBasicAuth}).
   */
  public Optional<String> principal() {
    return origin.authenticated() ? Optional.ofNullable(basicUser(headers)) : Optional.empty();
  }

  /**
   * The TLS session of the connection the call came over (protocol, cipher suite, the peer's
   * certificates under mutual TLS), when it came over TLS.
   */
  public Optional<SSLSession> tlsSession() {
    return origin.tlsSession();
  }

  /**
   * The certificate chain the peer presented and the handshake verified (mutual TLS), the peer's
   * own first; empty without TLS or without a client certificate.
   */
  public List<Certificate> peerCertificates() {
    Optional<SSLSession> session = origin.tlsSession();
    if (session.isEmpty()) {
      return List.of();
    }
    try {
      return List.of(session.get().getPeerCertificates());
    } catch (SSLPeerUnverifiedException e) {
      return List.of();
    }
  }

  /** The context of the call being answered on this thread, or {@code null}. */
  static @Nullable CallContext currentOrNull() {
    return CURRENT.get();
  }

  /**
   * The context of the call the current thread is answering.
   *
   * @throws IllegalStateException outside a handler or interceptor
   */
  public static CallContext current() {
    CallContext context = CURRENT.get();
    if (context == null) {
      throw new IllegalStateException("no XML-RPC call is being answered on this thread");
    }
    return context;
  }

  /**
   * Makes {@code context} the {@link #current()} one and returns the one it replaces, for {@link
   * #restore}. The thread's slot is set, never removed, so a call costs no map entry.
   */
  static @Nullable CallContext enter(CallContext context) {
    CallContext outer = CURRENT.get();
    CURRENT.set(context);
    return outer;
  }

  static void restore(@Nullable CallContext outer) {
    CURRENT.set(outer);
  }

  /** The user name of a {@code Basic} authorization header, or {@code null}. */
  private static @Nullable String basicUser(Headers headers) {
    String[] userAndPassword = BasicAuth.decode(headers);
    return userAndPassword == null ? null : userAndPassword[0];
  }

  @Override
  public String toString() {
    return "CallContext[" + method + " over " + binding() + " from " + origin.remoteAddress() + "]";
  }
}
