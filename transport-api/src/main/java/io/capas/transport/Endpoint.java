package io.capas.transport;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * A host name or literal address and a port. Immutable and thread-safe.
 *
 * <p>{@link #parse} accepts {@code host:port}, {@code 127.0.0.1:80} and {@code [::1]:80}.
 */
public record Endpoint(String host, int port) {

  public Endpoint {
    checkArgument(!host.isEmpty(), "empty host");
    checkArgument(port >= 0 && port <= 65535, "port out of range: %s", port);
  }

  public static Endpoint of(String host, int port) {
    return new Endpoint(host, port);
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

  @Override
  public String toString() {
    return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
  }
}
