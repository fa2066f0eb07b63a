package io.capas.rpc;

import static com.google.common.base.Preconditions.checkArgument;

import io.capas.transport.Endpoint;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * An HTTP proxy a client speaks through ({@link HttpClientSettings.Builder#proxy}): {@code http://}
 * calls go to it with absolute-form request targets (RFC 9112 §3.2.2), {@code https://} calls
 * through a {@code CONNECT} tunnel (RFC 9110 §9.3.6) with TLS to the origin inside it. Immutable
 * and thread-safe.
 *
 * @param endpoint the proxy's host and port
 * @param authorization the {@code Proxy-Authorization} value ({@code Basic ...}), or empty
 */
public record HttpProxy(Endpoint endpoint, String authorization) {
  /** The port of a proxy URL without one, as curl takes it. */
  public static final int DEFAULT_PORT = 1080;

  /**
   * The proxy of {@code http://[user:password@]host[:port][/]} (user and password for basic
   * authentication, percent-decoded; port {@value #DEFAULT_PORT} when absent).
   *
   * @throws IllegalArgumentException another scheme (a TLS or SOCKS proxy), a path, or no host
   */
  public static HttpProxy of(URI url) {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    checkArgument(scheme.equals("http"), "a proxy is an http:// URL, not %s", url);
    String host = url.getHost();
    checkArgument(host != null && !host.isEmpty(), "no host in proxy URL %s", url);
    String path = url.getRawPath();
    checkArgument(
        path == null || path.isEmpty() || path.equals("/"), "a proxy URL has no path: %s", url);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    Endpoint endpoint = Endpoint.of(host, url.getPort() < 0 ? DEFAULT_PORT : url.getPort());
    String userInfo = url.getUserInfo(); // decoded
    if (userInfo == null) {
      return new HttpProxy(endpoint, "");
    }
    int colon = userInfo.indexOf(':');
    return new HttpProxy(
        endpoint,
        HttpServerSettings.basicAuthorization(
            colon < 0 ? userInfo : userInfo.substring(0, colon),
            colon < 0 ? "" : userInfo.substring(colon + 1)));
  }

  /** {@link #of(URI)} of a string. */
  public static HttpProxy of(String url) {
    try {
      return of(new URI(url));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("bad proxy URL " + url + ": " + e.getMessage(), e);
    }
  }

  /** {@code http://host:port}, without the credentials. */
  @Override
  public String toString() {
    return "http://" + endpoint;
  }
}
