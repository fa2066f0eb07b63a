package io.capas.rpc;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import com.google.common.base.Ticker;
import com.google.common.collect.ImmutableList;
import com.google.common.net.InetAddresses;
import io.capas.http.Headers;
import io.capas.transport.Dialer;
import io.capas.transport.HostResolver;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * Settings of a client over several servers behind one name: a list of URLs (any scheme of {@link
 * ClientSchemes}), or every address a DNS name resolves to; {@link #client()} builds the {@link
 * Client}.
 *
 * <pre>{@code
 * Client client = MultiEndpointSettings.builder()
 *     .url("http://10.0.0.1:8000/RPC2")
 *     .url("http://10.0.0.2:8000/RPC2")
 *     .everyAddressOf("http://rpc.internal:8000/RPC2") // one endpoint per A/AAAA record
 *     .policy(MultiEndpointSettings.Policy.ROUND_ROBIN)
 *     .ejection(Duration.ofMillis(500), Duration.ofSeconds(30))
 *     .build()
 *     .client();
 * }</pre>
 *
 * <p>The rules: the policy picks an endpoint per call; one that fails to connect is ejected (left
 * out) for a backoff that doubles with each consecutive failure up to a cap; a call is sent to
 * another endpoint only when it cannot have been processed: the connection was never made (see
 * {@code MultiEndpointInvoker.notProcessed}). A call that reached a server which then failed (a
 * timeout, a connection broken after the request was written) is never sent again: the caller gets
 * that failure. Over HTTP, a kept-alive connection the server closed while it was idle is noticed
 * before the request is written and never used; see {@code HttpInvoker}.
 *
 * <p>The DNS name of {@link Builder#everyAddressOf} is resolved once, when {@link #client()} runs;
 * each address becomes an endpoint that keeps the name (the {@code Host} header, TLS host name
 * verification), only the address it dials is fixed.
 *
 * <p>Immutable and thread-safe.
 */
public final class MultiEndpointSettings {
  /** How an endpoint is picked for a call. */
  public enum Policy {
    /** Each call goes to the next endpoint in turn, skipping ejected ones. */
    ROUND_ROBIN,
    /** Each call goes to the first endpoint in the order given that is not ejected. */
    PICK_FIRST
  }

  private final ImmutableList<String> urls;
  private final ImmutableList<String> dnsUrls;
  private final Policy policy;
  private final Duration baseEjection;
  private final Duration maxEjection;
  private final ClientOptions options;
  private final ClientSchemes schemes;
  private final HostResolver resolver;
  private final Ticker ticker;

  private MultiEndpointSettings(Builder b) {
    this.urls = ImmutableList.copyOf(b.urls);
    this.dnsUrls = ImmutableList.copyOf(b.dnsUrls);
    this.policy = b.policy;
    this.baseEjection = b.baseEjection;
    this.maxEjection = b.maxEjection;
    this.options = b.options;
    this.schemes = b.schemes;
    this.resolver = b.resolver;
    this.ticker = b.ticker;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The URLs given with {@link Builder#url}, in order. */
  public List<String> urls() {
    return urls;
  }

  /** The URLs given with {@link Builder#everyAddressOf}, in order. */
  public List<String> dnsUrls() {
    return dnsUrls;
  }

  public Policy policy() {
    return policy;
  }

  /** The first ejection of an endpoint that failed to connect; it doubles per failure in a row. */
  public Duration baseEjection() {
    return baseEjection;
  }

  /** The longest ejection. */
  public Duration maxEjection() {
    return maxEjection;
  }

  /** The options each endpoint's client is built with (timeout, TLS, pooling...). */
  public ClientOptions options() {
    return options;
  }

  /**
   * The endpoints ({@link #urls()}, then one per address of each of {@link #dnsUrls()}) as one
   * {@link Invoker}.
   *
   * @throws IllegalArgumentException a DNS name of {@link #dnsUrls()} does not resolve
   */
  public Invoker invoker() {
    List<MultiEndpointInvoker.Member> members = new ArrayList<>();
    try {
      for (String url : urls) {
        members.add(
            new MultiEndpointInvoker.Member(url, new ClientInvoker(schemes.client(url, options))));
      }
      for (String url : dnsUrls) {
        addEveryAddress(url, members);
      }
    } catch (RuntimeException e) {
      members.forEach(m -> m.invoker.close());
      throw e;
    }
    return new MultiEndpointInvoker(members, policy, baseEjection, maxEjection, ticker);
  }

  /** A client over {@link #invoker()} with {@link ClientOptions#timeout()} per call. */
  public Client client() {
    return new Client(invoker(), options.timeout());
  }

  private void addEveryAddress(String url, List<MultiEndpointInvoker.Member> members) {
    URI uri = parse(url);
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost();
    checkArgument(host != null, "no host in URL %s", url);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    List<InetAddress> addresses;
    try {
      addresses = resolver.resolve(host);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("cannot resolve the host of " + url + ": " + e, e);
    }
    checkArgument(!addresses.isEmpty(), "no address for the host of %s", url);
    for (InetAddress address : addresses) {
      String name = url + " at " + InetAddresses.toAddrString(address);
      HostResolver pinned = h -> List.of(address);
      Invoker invoker;
      if (scheme.equals("http") || scheme.equals("https")) {
        // The URL keeps its name (Host header, TLS host name verification); only the dial is fixed.
        HttpClientSettings.Builder http =
            HttpClientSettings.builder()
                .url(url)
                .timeout(options.timeout())
                .connectTimeout(options.connectTimeout())
                .maxIdleConnections(options.maxIdleConnections())
                .acceptGzip(options.tracer() == null);
        Tracer tracer = options.tracer();
        if (tracer != null) {
          http.tracer(tracer);
        }
        if (options.proxy() != null) {
          http.proxy(options.proxy());
        } else if (scheme.equals("https")) {
          http.tls(Dialer.tls(tlsContext(), pinned));
        } else {
          http.dialer(Dialer.system(pinned));
        }
        invoker = http.build().invoker();
      } else {
        // Other bindings carry no host name on the wire: the address literal stands in for it.
        String literal = InetAddresses.toUriString(address);
        invoker = new ClientInvoker(schemes.client(withHost(uri, literal), options));
      }
      members.add(new MultiEndpointInvoker.Member(name, invoker));
    }
  }

  private SSLContext tlsContext() {
    SSLContext tls = options.tls();
    if (tls != null) {
      return tls;
    }
    try {
      return SSLContext.getDefault();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no default TLS context in this JDK", e);
    }
  }

  private static URI parse(String url) {
    try {
      return new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("bad URL " + url + ": " + e.getMessage(), e);
    }
  }

  private static String withHost(URI uri, String host) {
    try {
      return new URI(
              uri.getScheme(),
              uri.getRawUserInfo(),
              host,
              uri.getPort(),
              uri.getRawPath(),
              uri.getRawQuery(),
              uri.getRawFragment())
          .toString();
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("bad URL " + uri + ": " + e.getMessage(), e);
    }
  }

  /** A client built by a {@link ClientSchemes} entry, as one endpoint's binding. */
  private static final class ClientInvoker implements Invoker {
    private final Client client;

    ClientInvoker(Client client) {
      this.client = client;
    }

    @Override
    public @Nullable Object invoke(String method, List<@Nullable Object> params, Duration timeout) {
      return client.invoker().invoke(method, params, timeout);
    }

    @Override
    public @Nullable Object invoke(
        String method, List<@Nullable Object> params, Duration timeout, Headers headers) {
      return client.invoker().invoke(method, params, timeout, headers);
    }

    @Override
    public String target() {
      return client.target();
    }

    @Override
    public void close() {
      client.close();
    }
  }

  /** Builds {@link MultiEndpointSettings}; not thread-safe. */
  public static final class Builder {
    private final List<String> urls = new ArrayList<>();
    private final List<String> dnsUrls = new ArrayList<>();
    private Policy policy = Policy.ROUND_ROBIN;
    private Duration baseEjection = Duration.ofMillis(500);
    private Duration maxEjection = Duration.ofSeconds(30);
    private ClientOptions options = ClientOptions.defaults();
    private ClientSchemes schemes = ClientSchemes.defaults();
    private HostResolver resolver = HostResolver.system();
    private Ticker ticker = Ticker.systemTicker();

    private Builder() {}

    /** Adds an endpoint: a URL of any scheme of {@link #schemes}. */
    public Builder url(String url) {
      parse(url);
      urls.add(url);
      return this;
    }

    /** Adds each of {@code values}; see {@link #url}. */
    public Builder urls(List<String> values) {
      values.forEach(this::url);
      return this;
    }

    /**
     * Adds one endpoint per address the host of {@code url} resolves to (through {@link
     * #resolver}), when the client is built.
     */
    public Builder everyAddressOf(String url) {
      URI uri = parse(url);
      checkArgument(uri.getHost() != null, "no host in URL %s", url);
      dnsUrls.add(url);
      return this;
    }

    /** {@link Policy#ROUND_ROBIN} unless set. */
    public Builder policy(Policy value) {
      this.policy = value;
      return this;
    }

    /**
     * An endpoint that fails to connect is left out for {@code base}, doubled per consecutive
     * failure up to {@code max} (500 ms and 30 s by default).
     */
    public Builder ejection(Duration base, Duration max) {
      checkArgument(base.isPositive(), "base ejection must be positive: %s", base);
      checkArgument(max.compareTo(base) >= 0, "max ejection %s below base %s", max, base);
      this.baseEjection = base;
      this.maxEjection = max;
      return this;
    }

    /** What each endpoint's client is built with ({@link ClientOptions#defaults()} unless set). */
    public Builder options(ClientOptions value) {
      this.options = value;
      return this;
    }

    /** The per-call timeout ({@link ClientOptions#withTimeout}). */
    public Builder timeout(Duration value) {
      this.options = options.withTimeout(value);
      return this;
    }

    /** The schemes URLs may use ({@link ClientSchemes#defaults()} unless set). */
    public Builder schemes(ClientSchemes value) {
      this.schemes = value;
      return this;
    }

    /** Resolves the hosts of {@link #everyAddressOf} ({@link HostResolver#system()}). */
    public Builder resolver(HostResolver value) {
      this.resolver = value;
      return this;
    }

    /** The clock of ejections; the system's unless a test sets one. */
    public Builder ticker(Ticker value) {
      this.ticker = value;
      return this;
    }

    public MultiEndpointSettings build() {
      checkState(
          !urls.isEmpty() || !dnsUrls.isEmpty(), "no endpoints: call url(...) or everyAddressOf");
      return new MultiEndpointSettings(this);
    }
  }
}
