package io.capas.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP proxy {@code capas call} uses for a URL, from the environment as curl reads it: {@code
 * http_proxy} for {@code http://} URLs, {@code https_proxy} for {@code https://} ones (the
 * lower-case name first, then the upper-case one), unless {@code no_proxy} ({@code NO_PROXY}) names
 * the host: a comma-separated list of host names, domain suffixes ({@code example.com} and {@code
 * .example.com} both match {@code www.example.com}), addresses, or {@code *} for every host. A
 * proxy written without a scheme ({@code host:port}) is {@code http://host:port}. Other schemes
 * (SCGI, framed, UDP) never use a proxy. Immutable and thread-safe (static methods only).
 */
final class ProxyEnvironment {
  private ProxyEnvironment() {}

  /**
   * The proxy for {@code url} from {@code env}, or {@code null} to connect directly.
   *
   * @throws Main.UsageException the variable holds a malformed URL
   */
  static @Nullable URI proxyFor(URI url, Map<String, String> env) {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return null;
    }
    String variable = scheme + "_proxy";
    String value = get(env, variable);
    if (value == null || value.isBlank()) {
      return null;
    }
    String host = url.getHost();
    if (host != null && excluded(host, get(env, "no_proxy"))) {
      return null;
    }
    String text = value.trim().contains("://") ? value.trim() : "http://" + value.trim();
    try {
      return new URI(text);
    } catch (URISyntaxException e) {
      throw new Main.UsageException(variable + " is not a proxy URL: " + value);
    }
  }

  /** The lower-case variable, else the upper-case one. */
  private static @Nullable String get(Map<String, String> env, String lower) {
    String value = env.get(lower);
    return value != null ? value : env.get(lower.toUpperCase(Locale.ROOT));
  }

  /** Whether {@code noProxy} names {@code host}. */
  static boolean excluded(String host, @Nullable String noProxy) {
    if (noProxy == null || noProxy.isBlank()) {
      return false;
    }
    String name = host.toLowerCase(Locale.ROOT);
    if (name.startsWith("[") && name.endsWith("]")) {
      name = name.substring(1, name.length() - 1);
    }
    for (String raw : noProxy.split(",", 1000)) {
      String entry = raw.trim().toLowerCase(Locale.ROOT);
      if (entry.isEmpty()) {
        continue;
      }
      if (entry.equals("*")) {
        return true;
      }
      String suffix = entry.startsWith(".") ? entry.substring(1) : entry;
      if (name.equals(suffix) || name.endsWith("." + suffix)) {
        return true;
      }
    }
    return false;
  }
}
