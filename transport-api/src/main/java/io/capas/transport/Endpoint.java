package io.capas.transport;

import static com.google.common.base.Preconditions.checkArgument;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Where a stream server listens or a client connects: a host name or literal address and a port, or
 * the path of a Unix domain socket ({@link #unix(Path)}). Immutable and thread-safe.
 *
 * <p>{@link #parse} accepts {@code host:port}, {@code 127.0.0.1:80} and {@code [::1]:80}.
 *
 * <p>A Unix endpoint keeps host and port meaningful for code written for host and port: its host is
 * {@code localhost} (what an HTTP client sends as {@code Host}, as supervisorctl does) and its port
 * 0, and {@link #path()} is set. Transports that only speak IP refuse it; {@code UnixTransport} and
 * {@link Dialer#system()} use the path.
 */
public record Endpoint(String host, int port, @Nullable Path path) {

  /** The host of every {@link #unix(Path)} endpoint. */
  public static final String UNIX_HOST = "localhost";

  public Endpoint {
    checkArgument(!host.isEmpty(), "empty host");
    checkArgument(port >= 0 && port <= 65535, "port out of range: %s", port);
    if (path != null) {
      checkArgument(!path.toString().isEmpty(), "empty socket path");
      checkArgument(
          host.equals(UNIX_HOST) && port == 0,
          "a Unix socket endpoint has host %s and port 0, got %s:%s",
          UNIX_HOST,
          host,
          port);
    }
  }

  /** A host (name or literal address) and a port. */
  public Endpoint(String host, int port) {
    this(host, port, null);
  }

  public static Endpoint of(String host, int port) {
    return new Endpoint(host, port);
  }

  /** The Unix domain socket at {@code path} ({@code AF_UNIX}, a stream socket). */
  public static Endpoint unix(Path path) {
    return new Endpoint(UNIX_HOST, 0, path);
  }

  /** True for a {@link #unix(Path)} endpoint. */
  public boolean isUnix() {
    return path != null;
  }

  /**
   * The socket path of a {@link #unix(Path)} endpoint.
   *
   * @throws IllegalStateException this endpoint is a host and port
   */
  public Path unixPath() {
    if (path == null) {
      throw new IllegalStateException("not a Unix socket endpoint: " + this);
    }
    return path;
  }

  /**
   * The authority an HTTP client names in its {@code Host} header: {@code host:port}, or {@code
   * localhost} for a Unix socket.
   */
  public String authority() {
    return path != null ? UNIX_HOST : toString();
  }

  /** Parses {@code host:port}; an IPv6 literal is written in brackets. */
  public static Endpoint parse(String text) {
    int colon = text.lastIndexOf(':');
    checkArgument(colon > 0 && colon < text.length() - 1, "expected host:port, got %s", text);
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else {
      checkArgument(host.indexOf(':') < 0, "an IPv6 address needs brackets: %s", text);
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad port in " + text, e);
    }
    return new Endpoint(host, port);
  }

  /** {@code host:port}, {@code [::1]:port}, or {@code unix:/path/to.sock}. */
  @Override
  public String toString() {
    if (path != null) {
      return "unix:" + path;
    }
    return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
  }
}
