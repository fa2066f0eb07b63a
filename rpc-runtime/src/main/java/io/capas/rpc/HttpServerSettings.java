package io.capas.rpc;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * @param maxConsecutiveErrors requests in a row on one connection that are refused (4xx) or are not
 *     XML-RPC calls (a parse fault) before the connection is closed (the last answer says {@code
 *     Connection: close}): a client sending nothing else cannot make the server answer without end
 * @param lingerTimeout after an error answered with {@code Connection: close} while the request may
 *     still be arriving (413 for a large body, any refusal of the codec), how long the server goes
 *     on reading and discarding what the client sends, so that the client finishes sending and
 *     reads the answer instead of a broken pipe or a reset (nginx's lingering close); the
 *     connection then closes at the latest
 * @param lingerMaxBytes the most bytes discarded during that linger; past it the connection closes
 * @param lingerReadTimeout the longest wait for more bytes during that linger: a client that has
 *     finished sending (and read the answer) is closed soon, without waiting for it to close
 * @param methodPage whether {@code GET} on an endpoint path answers the {@link MethodPage} (an HTML
 *     page listing the methods, with a form to try each); when false, {@code GET} there is 405
 * @param serverName the method page's title
 * @param healthPath where {@code GET} answers the health check (200 while serving, 503 once a
 *     graceful shutdown has started), answered without credentials; empty for none (the default)
 * @param drainDelay how long {@link RpcServer#shutdown} goes on accepting and serving, with the
 *     health check answering 503 and every response saying {@code Connection: close}, before it
 *     stops accepting: the time a load balancer needs to see the 503 and stop sending (zero by
 *     default: stop accepting at once)
 * @param extraGetRoutes paths answered to {@code GET} by a {@link HttpGetRoute} (a metrics scrape),
 *     none by default; see {@link #withExtraGetRoute}
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
    String basicAuthorization,
    int maxConsecutiveErrors,
    Duration lingerTimeout,
    long lingerMaxBytes,
    Duration lingerReadTimeout,
    boolean methodPage,
    String serverName,
    String healthPath,
    Duration drainDelay,
    Map<String, HttpGetRoute> extraGetRoutes) {
  /** The most {@linkplain #withExtraGetRoute extra GET routes} one server takes. */
  public static final int MAX_EXTRA_GET_ROUTES = 64;

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
          "",
          8,
          // A client on a 10 MB/s link finishes sending 256 MiB in about 27 s; a lingering
          // connection holds no buffer (its bytes are discarded), only its socket, for 30 s.
          Duration.ofSeconds(30),
          256L * 1024 * 1024,
          // nginx's lingering_timeout is 5 s; a sending client is never that quiet on its own.
          Duration.ofSeconds(2),
          false,
          "capas XML-RPC server",
          "",
          Duration.ZERO,
          Map.of());

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
    checkArgument(
        maxConsecutiveErrors > 0,
        "maxConsecutiveErrors must be positive: %s",
        maxConsecutiveErrors);
    checkArgument(!lingerTimeout.isNegative(), "lingerTimeout negative: %s", lingerTimeout);
    checkArgument(lingerMaxBytes >= 0, "lingerMaxBytes negative: %s", lingerMaxBytes);
    checkArgument(
        lingerReadTimeout.isPositive(),
        "lingerReadTimeout must be positive: %s",
        lingerReadTimeout);
    checkArgument(!serverName.isBlank(), "serverName is blank");
    checkArgument(
        healthPath.isEmpty() || (healthPath.startsWith("/") && healthPath.indexOf('?') < 0),
        "healthPath must be empty or start with / and have no query: %s",
        healthPath);
    checkArgument(
        !paths.contains(healthPath), "healthPath is also an XML-RPC path: %s", healthPath);
    checkArgument(!drainDelay.isNegative(), "drainDelay negative: %s", drainDelay);
    extraGetRoutes = ImmutableMap.copyOf(extraGetRoutes);
    checkArgument(
        extraGetRoutes.size() <= MAX_EXTRA_GET_ROUTES,
        "more than %s extra GET routes",
        MAX_EXTRA_GET_ROUTES);
    for (String path : extraGetRoutes.keySet()) {
      checkArgument(
          path.startsWith("/") && path.indexOf('?') < 0 && path.indexOf('#') < 0,
          "a GET route's path must start with / and have no query: %s",
          path);
      checkArgument(
          !paths.contains(path), "a GET route's path is an XML-RPC endpoint path: %s", path);
    }
  }

  /**
   * Paths {@code /RPC2} and {@code /}; heads of 16 KiB, bodies of 8 MiB; 60 s idle, 10 s for a
   * head, 30 s for a body; 16,384 connections; gzip from 8 KiB; 8 consecutive errors; a linger of
   * 30 s and 256 MiB, with at most 2 s between reads; no method page, no health check, no drain
   * delay.
   */
  public static HttpServerSettings defaults() {
    return DEFAULTS;
  }

  public HttpServerSettings withPaths(Set<String> value) {
    Copy copy = new Copy(this);
    copy.paths = value;
    return copy.build();
  }

  public HttpServerSettings withMaxBodyBytes(int value) {
    Copy copy = new Copy(this);
    copy.maxBodyBytes = value;
    return copy.build();
  }

  public HttpServerSettings withTimeouts(Duration idle, Duration header, Duration body) {
    Copy copy = new Copy(this);
    copy.idleTimeout = idle;
    copy.headerTimeout = header;
    copy.bodyTimeout = body;
    return copy.build();
  }

  public HttpServerSettings withMaxConnections(int value) {
    Copy copy = new Copy(this);
    copy.maxConnections = value;
    return copy.build();
  }

  /**
   * Requires HTTP basic authentication (RFC 7617) with {@code user} and {@code password}: other
   * requests get 401 with {@code WWW-Authenticate: Basic realm="capas"}, on their head, before
   * their body is read. Use it over TLS or a trusted network only: the password crosses the wire in
   * base64. For more than one fixed user, or a check of your own, add {@link
   * ServerInterceptor#basicAuth(java.util.function.BiPredicate)} instead.
   */
  public HttpServerSettings withBasicAuth(String user, String password) {
    checkArgument(user.indexOf(':') < 0, "a basic-auth user name cannot contain ':'");
    Copy copy = new Copy(this);
    copy.basicAuthorization = basicAuthorization(user, password);
    return copy.build();
  }

  /** {@code Basic base64(user:password)}, the header value of RFC 7617. */
  static String basicAuthorization(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  public HttpServerSettings withGzipMinBytes(int value) {
    Copy copy = new Copy(this);
    copy.gzipMinBytes = value;
    return copy.build();
  }

  public HttpServerSettings withMaxConsecutiveErrors(int value) {
    Copy copy = new Copy(this);
    copy.maxConsecutiveErrors = value;
    return copy.build();
  }

  /** The lingering close after an error (zero time or bytes: close at once). */
  public HttpServerSettings withLinger(Duration timeout, long maxBytes) {
    Copy copy = new Copy(this);
    copy.lingerTimeout = timeout;
    copy.lingerMaxBytes = maxBytes;
    return copy.build();
  }

  /** The longest wait between reads during a lingering close. */
  public HttpServerSettings withLingerReadTimeout(Duration value) {
    Copy copy = new Copy(this);
    copy.lingerReadTimeout = value;
    return copy.build();
  }

  /**
   * Serves the method page (as Python's {@code DocXMLRPCServer}): {@code GET} on an endpoint path
   * returns an HTML page with each method's signature and help and a form to call it, under a
   * {@code Content-Security-Policy} that runs only the page's own script (see {@link MethodPage}).
   * Off by default: {@code GET} is then 405. With basic authentication configured, the page asks
   * for credentials too.
   */
  public HttpServerSettings withMethodPage(boolean enabled) {
    Copy copy = new Copy(this);
    copy.methodPage = enabled;
    return copy.build();
  }

  /**
   * These settings with {@code route} answering {@code GET} on {@code path} (exactly; a query is
   * allowed), replacing any route there: {@code withExtraGetRoute("/metrics", scrape)} serves a
   * Prometheus scrape beside the XML-RPC endpoint (see {@link HttpGetRoute}). {@code path} may not
   * be one of {@link #paths()}; at most {@value #MAX_EXTRA_GET_ROUTES} routes.
   */
  public HttpServerSettings withExtraGetRoute(String path, HttpGetRoute route) {
    Map<String, HttpGetRoute> routes = new LinkedHashMap<>(extraGetRoutes);
    routes.put(path, requireNonNull(route));
    Copy copy = new Copy(this);
    copy.extraGetRoutes = routes;
    return copy.build();
  }

  /** The method page's title (default {@code capas XML-RPC server}). */
  public HttpServerSettings withServerName(String value) {
    Copy copy = new Copy(this);
    copy.serverName = value;
    return copy.build();
  }

  /**
   * Answers the health check at {@code path} (such as {@code /health}): {@code GET} gets 200 {@code
   * ok} while the server serves and 503 {@code draining} from the moment {@link RpcServer#shutdown}
   * starts, without credentials (it tells nothing else). Off by default.
   */
  public HttpServerSettings withHealth(String path) {
    Copy copy = new Copy(this);
    copy.healthPath = path;
    return copy.build();
  }

  /**
   * How long a graceful shutdown keeps accepting, with the health check at 503, before it stops
   * accepting and drains (see {@link #drainDelay()}).
   */
  public HttpServerSettings withDrainDelay(Duration value) {
    Copy copy = new Copy(this);
    copy.drainDelay = value;
    return copy.build();
  }

  /** A mutable copy of these settings, for the {@code with...} methods to change one part of. */
  private static final class Copy {
    Set<String> paths;
    int maxHeadBytes;
    int maxBodyBytes;
    Duration idleTimeout;
    Duration headerTimeout;
    Duration bodyTimeout;
    int maxConnections;
    int gzipMinBytes;
    String basicAuthorization;
    int maxConsecutiveErrors;
    Duration lingerTimeout;
    long lingerMaxBytes;
    Duration lingerReadTimeout;
    boolean methodPage;
    String serverName;
    String healthPath;
    Duration drainDelay;
    Map<String, HttpGetRoute> extraGetRoutes;

    Copy(HttpServerSettings from) {
      paths = from.paths;
      maxHeadBytes = from.maxHeadBytes;
      maxBodyBytes = from.maxBodyBytes;
      idleTimeout = from.idleTimeout;
      headerTimeout = from.headerTimeout;
      bodyTimeout = from.bodyTimeout;
      maxConnections = from.maxConnections;
      gzipMinBytes = from.gzipMinBytes;
      basicAuthorization = from.basicAuthorization;
      maxConsecutiveErrors = from.maxConsecutiveErrors;
      lingerTimeout = from.lingerTimeout;
      lingerMaxBytes = from.lingerMaxBytes;
      lingerReadTimeout = from.lingerReadTimeout;
      methodPage = from.methodPage;
      serverName = from.serverName;
      healthPath = from.healthPath;
      drainDelay = from.drainDelay;
      extraGetRoutes = from.extraGetRoutes;
    }

    HttpServerSettings build() {
      return new HttpServerSettings(
          paths,
          maxHeadBytes,
          maxBodyBytes,
          idleTimeout,
          headerTimeout,
          bodyTimeout,
          maxConnections,
          gzipMinBytes,
          basicAuthorization,
          maxConsecutiveErrors,
          lingerTimeout,
          lingerMaxBytes,
          lingerReadTimeout,
          methodPage,
          serverName,
          healthPath,
          drainDelay,
          extraGetRoutes);
    }
  }
}
