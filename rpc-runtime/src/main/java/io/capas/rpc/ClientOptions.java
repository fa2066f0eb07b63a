package io.capas.rpc;

import static com.google.common.base.Preconditions.checkArgument;

import java.net.URI;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link ClientSchemes} entry needs besides the URL to build a client: the per-call timeout
 * (which bounds the connect too), a tracer, the TLS context of {@code https://} URLs, an HTTP proxy
 * and the connect timeout. Each binding takes what applies to it. Immutable and thread-safe.
 *
 * @param maxIdleConnections kept-alive connections a pooling binding keeps (0 for one-shot use)
 * @param connectTimeout how long making a connection (and a TLS handshake or a proxy tunnel) may
 *     take within the call's timeout; past it the call fails {@link RpcException.Kind#UNAVAILABLE},
 *     which a client over several servers answers by trying the next one
 * @param tls the TLS context for TLS URLs, or {@code null} for the JDK's default
 * @param proxy the HTTP proxy for HTTP URLs ({@code http://[user:password@]host:port}), or {@code
 *     null} to connect directly
 */
public record ClientOptions(
    Duration timeout,
    @Nullable Tracer tracer,
    @Nullable SSLContext tls,
    @Nullable URI proxy,
    int maxIdleConnections,
    Duration connectTimeout) {
  public ClientOptions {
    checkArgument(timeout.isPositive(), "timeout must be positive: %s", timeout);
    checkArgument(maxIdleConnections >= 0, "maxIdleConnections negative: %s", maxIdleConnections);
    checkArgument(
        connectTimeout.isPositive(), "connectTimeout must be positive: %s", connectTimeout);
  }

  /**
   * The options of 0.2.0, without a connect timeout of their own: the connect is bounded by {@code
   * timeout} alone.
   */
  public ClientOptions(
      Duration timeout,
      @Nullable Tracer tracer,
      @Nullable SSLContext tls,
      @Nullable URI proxy,
      int maxIdleConnections) {
    this(timeout, tracer, tls, proxy, maxIdleConnections, timeout);
  }

  /**
   * A 30 s timeout, a 10 s connect timeout (as the settings builders'), no tracer, the default TLS
   * context, no proxy, pooled connections.
   */
  public static ClientOptions defaults() {
    return new ClientOptions(Duration.ofSeconds(30), null, null, null, 8, Duration.ofSeconds(10));
  }

  public ClientOptions withTimeout(Duration value) {
    return new ClientOptions(value, tracer, tls, proxy, maxIdleConnections, connectTimeout);
  }

  public ClientOptions withTracer(@Nullable Tracer value) {
    return new ClientOptions(timeout, value, tls, proxy, maxIdleConnections, connectTimeout);
  }

  public ClientOptions withTls(@Nullable SSLContext value) {
    return new ClientOptions(timeout, tracer, value, proxy, maxIdleConnections, connectTimeout);
  }

  public ClientOptions withProxy(@Nullable URI value) {
    return new ClientOptions(timeout, tracer, tls, value, maxIdleConnections, connectTimeout);
  }

  public ClientOptions withMaxIdleConnections(int value) {
    return new ClientOptions(timeout, tracer, tls, proxy, value, connectTimeout);
  }

  public ClientOptions withConnectTimeout(Duration value) {
    return new ClientOptions(timeout, tracer, tls, proxy, maxIdleConnections, value);
  }
}
