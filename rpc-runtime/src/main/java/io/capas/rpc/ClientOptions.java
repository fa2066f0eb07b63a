package io.capas.rpc;

import static com.google.common.base.Preconditions.checkArgument;

import java.net.URI;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link ClientSchemes} entry needs besides the URL to build a client: the per-call timeout
 * (which bounds the connect too), a tracer, the TLS context of {@code https://} URLs and an HTTP
 * proxy. Each binding takes what applies to it. Immutable and thread-safe.
 *
 * @param maxIdleConnections kept-alive connections a pooling binding keeps (0 for one-shot use)
 * @param tls the TLS context for TLS URLs, or {@code null} for the JDK's default
 * @param proxy the HTTP proxy for HTTP URLs ({@code http://[user:password@]host:port}), or {@code
 *     null} to connect directly
 */
public record ClientOptions(
    Duration timeout,
    @Nullable Tracer tracer,
    @Nullable SSLContext tls,
    @Nullable URI proxy,
    int maxIdleConnections) {
  public ClientOptions {
    checkArgument(timeout.isPositive(), "timeout must be positive: %s", timeout);
    checkArgument(maxIdleConnections >= 0, "maxIdleConnections negative: %s", maxIdleConnections);
  }

  /** A 30 s timeout, no tracer, the default TLS context, no proxy, pooled connections. */
  public static ClientOptions defaults() {
    return new ClientOptions(Duration.ofSeconds(30), null, null, null, 8);
  }

  public ClientOptions withTimeout(Duration value) {
    return new ClientOptions(value, tracer, tls, proxy, maxIdleConnections);
  }

  public ClientOptions withTracer(@Nullable Tracer value) {
    return new ClientOptions(timeout, value, tls, proxy, maxIdleConnections);
  }

  public ClientOptions withTls(@Nullable SSLContext value) {
    return new ClientOptions(timeout, tracer, value, proxy, maxIdleConnections);
  }

  public ClientOptions withProxy(@Nullable URI value) {
    return new ClientOptions(timeout, tracer, tls, value, maxIdleConnections);
  }

  public ClientOptions withMaxIdleConnections(int value) {
    return new ClientOptions(timeout, tracer, tls, proxy, value);
  }
}
