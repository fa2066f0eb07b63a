package io.capas.rpc;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableMap;
import io.capas.transport.Endpoint;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one place where a URL's scheme picks the binding of a {@link Client}: each scheme is one
 * {@link Entry} (its name, a usage line, and how it builds a client), so a new transport or binding
 * is one more entry, never one more {@code switch}.
 *
 * <pre>{@code
 * Client client = ClientSchemes.defaults().client("scgi://127.0.0.1:5000", ClientOptions.defaults());
 * ClientSchemes withUdp = ClientSchemes.defaults().with(new ClientSchemes.Entry(
 *     "udp", "udp://HOST:PORT", "reliable UDP", (url, options) -> ...));
 * }</pre>
 *
 * <p>{@link #defaults()} knows the bindings rpc-runtime builds on its own: {@code http}, {@code
 * https}, {@code unix}, {@code http+unix}, {@code framed}, {@code scgi} and {@code scgi+unix};
 * schemes whose transport lives in another module (reliable UDP) are added by whoever has it, with
 * {@link #with}. Immutable and thread-safe.
 */
public final class ClientSchemes {
  /** Builds a client for one URL of its scheme. */
  @FunctionalInterface
  public interface Factory {
    /**
     * A client for {@code url} with {@code options}.
     *
     * @throws IllegalArgumentException the URL does not fit the scheme (a missing port...)
     */
    Client client(URI url, ClientOptions options);
  }

  /**
   * One scheme.
   *
   * @param scheme the URL scheme, lower case ({@code http})
   * @param form the URL's form, for help texts ({@code http://HOST:PORT/PATH})
   * @param description what it speaks, for help texts
   */
  public record Entry(String scheme, String form, String description, Factory factory) {
    public Entry {
      checkArgument(
          scheme.matches("[a-z][a-z0-9+.-]*"), "a scheme is lower-case letters: %s", scheme);
    }
  }

  private static final ClientSchemes DEFAULTS =
      new ClientSchemes(ImmutableMap.of())
          .with(
              new Entry(
                  "http", "http://HOST[:PORT]/PATH", "XML-RPC over HTTP/1.1", ClientSchemes::http))
          .with(
              new Entry(
                  "https",
                  "https://HOST[:PORT]/PATH",
                  "XML-RPC over HTTPS (host name verified)",
                  ClientSchemes::http))
          .with(
              new Entry(
                  "unix",
                  "unix:///PATH/TO.sock",
                  "XML-RPC over HTTP on a Unix socket, path /RPC2 (supervisorctl's form)",
                  ClientSchemes::http))
          .with(
              new Entry(
                  "http+unix",
                  "http+unix://%2FPATH%2FTO.sock/PATH",
                  "XML-RPC over HTTP on a Unix socket, with a path",
                  ClientSchemes::http))
          .with(
              new Entry(
                  "framed",
                  "framed://HOST:PORT",
                  "XML-RPC in length-prefixed frames over TCP",
                  ClientSchemes::framed))
          .with(
              new Entry(
                  "scgi",
                  "scgi://HOST:PORT",
                  "XML-RPC over SCGI (rTorrent, servers behind scgi_pass)",
                  ClientSchemes::scgi))
          .with(
              new Entry(
                  "scgi+unix",
                  "scgi+unix:///PATH/TO.sock",
                  "XML-RPC over SCGI on a Unix socket (rTorrent's network.scgi.open_local)",
                  ClientSchemes::scgi));

  private final ImmutableMap<String, Entry> entries;

  private ClientSchemes(ImmutableMap<String, Entry> entries) {
    this.entries = entries;
  }

  /**
   * {@code http}, {@code https}, {@code unix}, {@code http+unix}, {@code framed}, {@code scgi} and
   * {@code scgi+unix}.
   */
  public static ClientSchemes defaults() {
    return DEFAULTS;
  }

  /** These schemes and {@code entry} (replacing an entry of the same scheme). */
  public ClientSchemes with(Entry entry) {
    Map<String, Entry> copy = new LinkedHashMap<>(entries);
    copy.put(entry.scheme(), entry);
    return new ClientSchemes(ImmutableMap.copyOf(copy));
  }

  /** The entries, in the order they were added. */
  public List<Entry> entries() {
    return entries.values().asList();
  }

  /**
   * A client for {@code url}, through the entry of its scheme.
   *
   * @throws IllegalArgumentException a malformed URL, or a scheme without an entry (the message
   *     lists the known ones)
   */
  public Client client(String url, ClientOptions options) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("bad URL " + url + ": " + e.getMessage(), e);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    Entry entry = entries.get(scheme);
    if (entry == null) {
      throw new IllegalArgumentException(
          "unsupported URL " + url + " (schemes: " + String.join(", ", entries.keySet()) + ")");
    }
    return entry.factory().client(uri, options);
  }

  /** {@code HOST:PORT} of {@code url}, the port required. */
  public static Endpoint hostAndPort(URI url) {
    String host = url.getHost();
    checkArgument(
        host != null && url.getPort() >= 0,
        "expected %s://HOST:PORT, got %s",
        url.getScheme(),
        url);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return Endpoint.of(host, url.getPort());
  }

  private static Client http(URI url, ClientOptions options) {
    HttpClientSettings.Builder settings =
        HttpClientSettings.builder()
            .url(url.toString())
            .timeout(options.timeout())
            .connectTimeout(options.connectTimeout())
            .maxIdleConnections(options.maxIdleConnections())
            .acceptGzip(options.tracer() == null);
    Tracer tracer = options.tracer();
    if (tracer != null) {
      settings.tracer(tracer);
    }
    if (options.tls() != null && url.getScheme().equalsIgnoreCase("https")) {
      settings.tls(options.tls());
    }
    if (options.proxy() != null) {
      settings.proxy(options.proxy());
    }
    return settings.build().client();
  }

  private static Client framed(URI url, ClientOptions options) {
    return FramedClientSettings.builder()
        .endpoint(hostAndPort(url))
        .timeout(options.timeout())
        .connectTimeout(options.connectTimeout())
        .maxIdleConnections(options.maxIdleConnections())
        .build()
        .client();
  }

  private static Client scgi(URI url, ClientOptions options) {
    ScgiClientSettings.Builder settings =
        ScgiClientSettings.builder()
            .url(url.toString())
            .timeout(options.timeout())
            .connectTimeout(options.connectTimeout());
    Tracer tracer = options.tracer();
    if (tracer != null) {
      settings.tracer(tracer);
    }
    return settings.build().client();
  }
}
