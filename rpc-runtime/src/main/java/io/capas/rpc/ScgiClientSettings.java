package io.capas.rpc;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import io.capas.transport.Dialer;
import io.capas.transport.Endpoint;
import io.capas.xmlrpc.XmlRpcLimits;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Settings of the XML-RPC over SCGI client binding, as rTorrent and servers behind an SCGI front
 * speak it; {@link #client()} builds the {@link Client}.
 *
 * <pre>{@code
 * try (Client rtorrent = ScgiClientSettings.builder().url("scgi://127.0.0.1:5000").build().client()) {
 *   String version = rtorrent.call(String.class, "system.client_version");
 * }
 * }</pre>
 *
 * <p>Each call opens a connection, sends the CGI headers a peer expects ({@code CONTENT_LENGTH},
 * {@code SCGI}, {@code REQUEST_METHOD}, {@code REQUEST_URI}, {@code CONTENT_TYPE}) and the call,
 * and reads the CGI response to the end (SCGI has no keep-alive). Immutable and thread-safe.
 *
 * @param path the {@code REQUEST_URI} sent ({@code /RPC2} by default; rTorrent ignores it)
 * @param maxHeadBytes the largest CGI response head
 */
public record ScgiClientSettings(
    Endpoint endpoint,
    String path,
    Dialer dialer,
    Duration connectTimeout,
    Duration timeout,
    RpcCodec codec,
    int maxResponseBytes,
    int maxHeadBytes,
    @Nullable Tracer tracer,
    String basicAuthorization) {
  public ScgiClientSettings {
    checkArgument(path.startsWith("/"), "path must start with /: %s", path);
    checkArgument(
        connectTimeout.isPositive(), "connectTimeout must be positive: %s", connectTimeout);
    checkArgument(timeout.isPositive(), "timeout must be positive: %s", timeout);
    checkArgument(maxResponseBytes >= 0, "maxResponseBytes negative: %s", maxResponseBytes);
    checkArgument(maxHeadBytes >= 64, "maxHeadBytes too small: %s", maxHeadBytes);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The SCGI binding as an {@link Invoker}. */
  public Invoker invoker() {
    return new ScgiInvoker(this);
  }

  /** A client over {@link #invoker()} with {@link #timeout()} per call. */
  public Client client() {
    return new Client(invoker(), timeout);
  }

  /** {@code scgi://host:port/path}, or {@code scgi+unix:///path/to.sock}. */
  public String url() {
    return endpoint.isUnix() ? "scgi+unix://" + endpoint.unixPath() : "scgi://" + endpoint + path;
  }

  /** Builds {@link ScgiClientSettings}; not thread-safe. */
  public static final class Builder {
    private @Nullable Endpoint endpoint;
    private String path = "/RPC2";
    private Dialer dialer = Dialer.system();
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration timeout = Duration.ofSeconds(30);
    private RpcCodec codec = XmlRpcCodec.defaults();
    private int maxResponseBytes = bodyLimit(XmlRpcLimits.defaults());
    private int maxHeadBytes = 16 * 1024;
    private @Nullable Tracer tracer;
    private String basicAuthorization = "";

    private Builder() {}

    public Builder endpoint(String host, int port) {
      this.endpoint = Endpoint.of(host, port);
      return this;
    }

    /**
     * Takes host, port and path from {@code scgi://host:port[/path]} (the port is required: SCGI
     * has no standard one), or the socket from {@code scgi+unix:///path/to.sock} (a Unix domain
     * socket, as rTorrent's {@code network.scgi.open_local} opens; the whole path names the socket
     * and {@code REQUEST_URI} stays {@code /RPC2}).
     *
     * @throws IllegalArgumentException for another scheme or a malformed URL
     */
    public Builder url(String url) {
      if (url.regionMatches(true, 0, "scgi+unix:", 0, "scgi+unix:".length())) {
        checkArgument(
            url.startsWith("scgi+unix:///") && url.length() > "scgi+unix:///".length(),
            "expected scgi+unix:///path/to.sock, got %s",
            url);
        this.endpoint = UnixUrls.socket(url.substring("scgi+unix://".length()), url);
        this.path = "/RPC2";
        return this;
      }
      URI uri;
      try {
        uri = new URI(url);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("bad URL " + url + ": " + e.getMessage(), e);
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      checkArgument(scheme.equals("scgi"), "not an scgi:// URL: %s", url);
      String host = uri.getHost();
      checkArgument(host != null && !host.isEmpty(), "no host in URL %s", url);
      checkArgument(uri.getPort() >= 0, "no port in URL %s (scgi://HOST:PORT)", url);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      this.endpoint = Endpoint.of(host, uri.getPort());
      String rawPath = uri.getRawPath();
      this.path = rawPath == null || rawPath.isEmpty() ? "/RPC2" : rawPath;
      return this;
    }

    public Builder path(String value) {
      this.path = value;
      return this;
    }

    /** How connections are opened ({@code transport::connect}); JDK sockets by default. */
    public Builder dialer(Dialer value) {
      this.dialer = value;
      return this;
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

    /** XML limits on responses (the response body is capped at their document size). */
    public Builder limits(XmlRpcLimits value) {
      this.codec = new XmlRpcCodec(value);
      this.maxResponseBytes = bodyLimit(value);
      return this;
    }

    /** The document codec ({@link RpcCodec#xmlRpc()} unless swapped). */
    public Builder codec(RpcCodec value) {
      this.codec = value;
      return this;
    }

    /**
     * Sends {@code HTTP_AUTHORIZATION} with HTTP basic credentials, for an SCGI server that checks
     * them (a capas server with basic authentication; a front server passes the client's on).
     */
    public Builder basicAuth(String user, String password) {
      this.basicAuthorization = HttpServerSettings.basicAuthorization(user, password);
      return this;
    }

    public Builder tracer(Tracer value) {
      this.tracer = value;
      return this;
    }

    private static int bodyLimit(XmlRpcLimits limits) {
      return (int) Math.min(limits.maxDocumentBytes(), Integer.MAX_VALUE - 8);
    }

    public ScgiClientSettings build() {
      checkState(endpoint != null, "no endpoint: call endpoint(host, port) or url(url)");
      return new ScgiClientSettings(
          endpoint,
          path,
          dialer,
          connectTimeout,
          timeout,
          codec,
          maxResponseBytes,
          maxHeadBytes,
          tracer,
          basicAuthorization);
    }
  }
}
