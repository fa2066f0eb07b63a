package io.capas.rpc;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import io.capas.transport.Dialer;
import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.xmlrpc.XmlRpcLimits;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * Settings of the XML-RPC over HTTP client binding; {@link #client()} builds the {@link Client}.
 *
 * <pre>{@code
 * Client client = HttpClientSettings.builder()
 *     .url("http://localhost:8000/RPC2")
 *     .timeout(Duration.ofSeconds(5))
 *     .build()
 *     .client();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public record HttpClientSettings(
    Endpoint endpoint,
    String path,
    Dialer dialer,
    Duration connectTimeout,
    Duration timeout,
    int maxIdleConnections,
    Duration idleTimeout,
    RpcCodec codec,
    long maxResponseBytes,
    int maxHeadBytes,
    boolean acceptGzip,
    @Nullable Tracer tracer,
    String basicAuthorization,
    boolean https,
    @Nullable HttpProxy proxy) {
  public HttpClientSettings {
    checkArgument(path.startsWith("/"), "path must start with /: %s", path);
    checkArgument(
        connectTimeout.isPositive(), "connectTimeout must be positive: %s", connectTimeout);
    checkArgument(timeout.isPositive(), "timeout must be positive: %s", timeout);
    checkArgument(maxIdleConnections >= 0, "maxIdleConnections negative: %s", maxIdleConnections);
    checkArgument(maxHeadBytes >= 256, "maxHeadBytes too small: %s", maxHeadBytes);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The HTTP binding as an {@link Invoker}. */
  public Invoker invoker() {
    return new HttpInvoker(this);
  }

  /** A client over {@link #invoker()} with {@link #timeout()} per call. */
  public Client client() {
    return new Client(invoker(), timeout);
  }

  /**
   * {@code http://host:port/path}, or {@code https://} over TLS, or {@code
   * http+unix://%2Fpath%2Fto.sock/path} on a Unix socket.
   */
  public String url() {
    if (endpoint.isUnix()) {
      return UnixUrls.format(endpoint, path);
    }
    return (https ? "https://" : "http://") + endpoint + path;
  }

  /** Builds {@link HttpClientSettings}; not thread-safe. */
  public static final class Builder {
    private @Nullable Endpoint endpoint;
    private String path = "/RPC2";
    private Dialer dialer = Dialer.system();
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration timeout = Duration.ofSeconds(30);
    private int maxIdleConnections = 8;
    private Duration idleTimeout = Duration.ofSeconds(30);
    private RpcCodec codec = XmlRpcCodec.defaults();
    private long maxResponseBytes = XmlRpcLimits.defaults().maxDocumentBytes();
    private int maxHeadBytes = 64 * 1024;
    private boolean acceptGzip = true;
    private @Nullable Tracer tracer;
    private String basicAuthorization = "";
    private boolean https;
    private boolean dialerChosen;
    private @Nullable SSLContext tlsContext;
    private @Nullable HttpProxy proxy;

    private Builder() {}

    /** Sends HTTP basic authentication (RFC 7617) with every call. */
    public Builder basicAuth(String user, String password) {
      this.basicAuthorization = HttpServerSettings.basicAuthorization(user, password);
      return this;
    }

    public Builder endpoint(String host, int port) {
      this.endpoint = Endpoint.of(host, port);
      return this;
    }

    /**
     * Takes host, port and path from {@code http[s]://[user:password@]host[:port][/path]} (port 80,
     * or 443 for {@code https}, whose connections are TLS with the JDK's trust store and host name
     * verification unless {@link #tls} or {@link #dialer} says otherwise; path {@code /} when
     * absent; user and password for basic authentication).
     *
     * <p>On a Unix domain socket: {@code unix:///path/to.sock} (HTTP path {@code /RPC2}, as
     * supervisorctl writes it) or {@code http+unix://%2Fpath%2Fto.sock/RPC2} (the socket path
     * percent-encoded); the default dialer ({@link Dialer#system()}) connects to the socket.
     *
     * @throws IllegalArgumentException for another scheme or a malformed URL
     */
    public Builder url(String url) {
      Optional<UnixUrls.UnixUrl> unix = UnixUrls.parse(url);
      if (unix.isPresent()) {
        this.https = false;
        this.endpoint = unix.get().endpoint();
        this.path = unix.get().httpPath();
        String userInfo = unix.get().userInfo();
        if (!userInfo.isEmpty()) {
          int colon = userInfo.indexOf(':');
          basicAuth(
              colon < 0 ? userInfo : userInfo.substring(0, colon),
              colon < 0 ? "" : userInfo.substring(colon + 1));
        }
        return this;
      }
      URI uri;
      try {
        uri = new URI(url);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("bad URL " + url + ": " + e.getMessage(), e);
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      checkArgument(
          scheme.equals("http") || scheme.equals("https"),
          "not an http(s)://, unix:// or http+unix:// URL: %s",
          url);
      this.https = scheme.equals("https");
      String host = uri.getHost();
      checkArgument(host != null && !host.isEmpty(), "no host in URL %s", url);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      this.endpoint = Endpoint.of(host, uri.getPort() < 0 ? (https ? 443 : 80) : uri.getPort());
      String userInfo = uri.getUserInfo();
      if (userInfo != null) {
        int colon = userInfo.indexOf(':');
        basicAuth(
            colon < 0 ? userInfo : userInfo.substring(0, colon),
            colon < 0 ? "" : userInfo.substring(colon + 1));
      }
      String rawPath = uri.getRawPath();
      this.path = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
      if (uri.getRawQuery() != null) {
        this.path += "?" + uri.getRawQuery();
      }
      return this;
    }

    public Builder path(String value) {
      this.path = value;
      return this;
    }

    /** How connections are opened ({@code transport::connect}); JDK sockets by default. */
    public Builder dialer(Dialer value) {
      this.dialer = value;
      this.dialerChosen = true;
      this.tlsContext = null;
      return this;
    }

    /**
     * Speaks through the HTTP proxy of {@code url} ({@code http://[user:password@]host[:port]}, see
     * {@link HttpProxy#of(URI)}): {@code http://} calls with absolute-form request targets, {@code
     * https://} calls through a {@code CONNECT} tunnel, with {@code Proxy-Authorization} when the
     * URL has credentials. Only when told: no environment variable is read here.
     */
    public Builder proxy(URI url) {
      return proxy(HttpProxy.of(url));
    }

    /** Speaks through {@code value}; see {@link #proxy(URI)}. */
    public Builder proxy(HttpProxy value) {
      this.proxy = value;
      return this;
    }

    /**
     * Speaks HTTPS: TLS with {@code context} (its trust managers choose the servers trusted, e.g. a
     * private CA), SNI and host name verification on.
     */
    public Builder tls(SSLContext context) {
      tls(Dialer.tls(context));
      this.tlsContext = context;
      return this;
    }

    /** Speaks HTTPS through {@code tlsDialer}, which must open TLS connections. */
    public Builder tls(Dialer tlsDialer) {
      this.https = true;
      return dialer(tlsDialer);
    }

    public Builder connectTimeout(Duration value) {
      this.connectTimeout = value;
      return this;
    }

    /** Bounds each whole call (connect, send, wait, read); 30 s by default. */
    public Builder timeout(Duration value) {
      this.timeout = value;
      return this;
    }

    /** Kept-alive connections kept for reuse (8 by default; 0 closes after each call). */
    public Builder maxIdleConnections(int value) {
      this.maxIdleConnections = value;
      return this;
    }

    /** A pooled connection idle longer than this is closed rather than reused (30 s). */
    public Builder idleTimeout(Duration value) {
      this.idleTimeout = value;
      return this;
    }

    /** XML limits on responses (the response body is capped at their document size). */
    public Builder limits(XmlRpcLimits value) {
      this.codec = new XmlRpcCodec(value);
      this.maxResponseBytes = value.maxDocumentBytes();
      return this;
    }

    /** The document codec ({@link RpcCodec#xmlRpc()} unless swapped). */
    public Builder codec(RpcCodec value) {
      this.codec = value;
      return this;
    }

    public Builder acceptGzip(boolean value) {
      this.acceptGzip = value;
      return this;
    }

    public Builder tracer(Tracer value) {
      this.tracer = value;
      return this;
    }

    public HttpClientSettings build() {
      checkState(endpoint != null, "no endpoint: call endpoint(host, port) or url(url)");
      if (https && !dialerChosen) {
        try {
          tlsContext = SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
          throw new IllegalStateException("no default TLS context in this JDK", e);
        }
        dialer = Dialer.tls(tlsContext);
      }
      if (https && proxy != null) {
        checkState(
            tlsContext != null,
            "an https proxy tunnel needs tls(SSLContext), not a dialer of its own");
        dialer = new ProxyTunnel(proxy, tlsContext, HostResolver.system());
      }
      return new HttpClientSettings(
          endpoint,
          path,
          dialer,
          connectTimeout,
          timeout,
          maxIdleConnections,
          idleTimeout,
          codec,
          maxResponseBytes,
          maxHeadBytes,
          acceptGzip,
          tracer,
          basicAuthorization,
          https,
          proxy);
    }
  }
}
