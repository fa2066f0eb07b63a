package io.capas.rpc;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableSet;
import java.time.Duration;
import java.util.Set;

/**
 * Settings of the XML-RPC over HTTP server binding. Immutable and thread-safe.
 *
 * @param paths request targets served (others get 404)
 * @param maxHeadBytes request line plus headers (431 past it; a request line or header line longer
 *     than 8 KiB, or than this limit if smaller, is 414 or 431 on its own)
 * @param maxBodyBytes request body as sent and after gzip decoding (413 past it)
 * @param idleTimeout how long a kept-alive connection may wait for its next request
 * @param headerTimeout how long a request head may take to arrive, in total (slowloris)
 * @param bodyTimeout how long a request body may take to arrive, in total
 * @param maxConnections connections served at once; one more is answered 503 Service Unavailable
 *     with {@code Retry-After: 1} once its request head has arrived, then closed
 * @param gzipMinBytes responses at least this large are gzipped when the client accepts gzip
 * @param basicAuthorization the {@code Authorization} header value every request must carry ({@code
 *     Basic base64(user:password)}), or empty for no authentication; see {@link #withBasicAuth}
 */
public record HttpServerSettings(
    Set<String> paths,
    int maxHeadBytes,
    int maxBodyBytes,
    Duration idleTimeout,
    Duration headerTimeout,
    Duration bodyTimeout,
    int maxConnections,
    int gzipMinBytes,
    String basicAuthorization) {
  private static final HttpServerSettings DEFAULTS =
      new HttpServerSettings(
          Set.of("/RPC2", "/"),
          16 * 1024,
          // Below the transports' 16 MiB session buffer, which holds a body until it is complete.
          8 * 1024 * 1024,
          Duration.ofSeconds(60),
          Duration.ofSeconds(10),
          Duration.ofSeconds(30),
          16_384,
          8 * 1024,
          "");

  public HttpServerSettings {
    paths = ImmutableSet.copyOf(paths);
    checkArgument(!paths.isEmpty(), "no paths");
    for (String path : paths) {
      checkArgument(path.startsWith("/"), "path must start with /: %s", path);
    }
    checkArgument(maxHeadBytes >= 256, "maxHeadBytes too small: %s", maxHeadBytes);
    checkArgument(maxBodyBytes > 0, "maxBodyBytes must be positive: %s", maxBodyBytes);
    checkArgument(idleTimeout.isPositive(), "idleTimeout must be positive: %s", idleTimeout);
    checkArgument(headerTimeout.isPositive(), "headerTimeout must be positive: %s", headerTimeout);
    checkArgument(bodyTimeout.isPositive(), "bodyTimeout must be positive: %s", bodyTimeout);
    checkArgument(maxConnections > 0, "maxConnections must be positive: %s", maxConnections);
    checkArgument(gzipMinBytes >= 0, "gzipMinBytes negative: %s", gzipMinBytes);
  }

  /**
   * Paths {@code /RPC2} and {@code /}; heads of 16 KiB, bodies of 8 MiB; 60 s idle, 10 s for a
   * head, 30 s for a body; 16,384 connections; gzip from 8 KiB.
   */
  public static HttpServerSettings defaults() {
    return DEFAULTS;
  }

  public HttpServerSettings withPaths(Set<String> value) {
    return new HttpServerSettings(
        value,
        maxHeadBytes,
        maxBodyBytes,
        idleTimeout,
        headerTimeout,
        bodyTimeout,
        maxConnections,
        gzipMinBytes,
        basicAuthorization);
  }

  public HttpServerSettings withMaxBodyBytes(int value) {
    return new HttpServerSettings(
        paths,
        maxHeadBytes,
        value,
        idleTimeout,
        headerTimeout,
        bodyTimeout,
        maxConnections,
        gzipMinBytes,
        basicAuthorization);
  }

  public HttpServerSettings withTimeouts(Duration idle, Duration header, Duration body) {
    return new HttpServerSettings(
        paths,
        maxHeadBytes,
        maxBodyBytes,
        idle,
        header,
        body,
        maxConnections,
        gzipMinBytes,
        basicAuthorization);
  }

  public HttpServerSettings withMaxConnections(int value) {
    return new HttpServerSettings(
        paths,
        maxHeadBytes,
        maxBodyBytes,
        idleTimeout,
        headerTimeout,
        bodyTimeout,
        value,
        gzipMinBytes,
        basicAuthorization);
  }

  /**
   * Requires HTTP basic authentication (RFC 7617) with {@code user} and {@code password}: other
   * requests get 401 with {@code WWW-Authenticate: Basic realm="capas"}. Use it over TLS or a
   * trusted network only: the password crosses the wire in base64.
   */
  public HttpServerSettings withBasicAuth(String user, String password) {
    checkArgument(user.indexOf(':') < 0, "a basic-auth user name cannot contain ':'");
    return new HttpServerSettings(
        paths,
        maxHeadBytes,
        maxBodyBytes,
        idleTimeout,
        headerTimeout,
        bodyTimeout,
        maxConnections,
        gzipMinBytes,
        basicAuthorization(user, password));
  }

  /** {@code Basic base64(user:password)}, the header value of RFC 7617. */
  static String basicAuthorization(String user, String password) {
    return "Basic "
        + java.util.Base64.getEncoder()
            .encodeToString(
                (user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  public HttpServerSettings withGzipMinBytes(int value) {
    return new HttpServerSettings(
        paths,
        maxHeadBytes,
        maxBodyBytes,
        idleTimeout,
        headerTimeout,
        bodyTimeout,
        maxConnections,
        value,
        basicAuthorization);
  }
}
