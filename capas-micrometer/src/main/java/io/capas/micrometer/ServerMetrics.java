package io.capas.micrometer;

import static com.google.common.base.Preconditions.checkArgument;

import io.capas.rpc.CallContext;
import io.capas.rpc.CallListener;
import io.capas.rpc.ConnectionListener;
import io.capas.rpc.RpcServer;
import io.capas.xmlrpc.FaultCodes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Binds an {@link RpcServer} to a Micrometer {@link MeterRegistry}: every call and connection the
 * server sees becomes these meters (names as Micrometer writes them; Prometheus shows {@code
 * capas_server_calls_seconds_count}, {@code capas_server_faults_total}...):
 *
 * <pre>
 *   meter                              type     tags              counts
 *   capas.server.calls                 timer    method, outcome   calls answered and their latency, from the
 *                                                                 document read to the response written;
 *                                                                 outcome is success or fault
 *   capas.server.faults                counter  method, code      calls answered with a fault, by code
 *   capas.server.request.size          summary  method            request documents, in bytes
 *   capas.server.response.size         summary  method            response documents before compression, in bytes
 *   capas.server.connections.open      gauge                      connections open now
 *   capas.server.connections.rejected  counter  reason            connections refused (the HTTP binding's
 *                                                                 connection limit: reason "connection limit")
 * </pre>
 *
 * <pre>{@code
 * RpcServer server = ServerMetrics.of(registry).bindTo(RpcServer.http(transport, local)).start();
 * }</pre>
 *
 * <p>Method names come from callers, so their tags are bounded: a method the server does not have
 * (fault -32601) is tagged {@value #UNKNOWN}, and past {@link Builder#maxMethods} distinct names
 * (or {@link Builder#maxFaultCodes} distinct codes) the rest share {@value ServerMetrics#OTHER}.
 * The latency timer publishes the percentiles of {@link Builder#percentiles} (0.5, 0.95, 0.99 by
 * default), computed in this process, and a percentile histogram for server-side aggregation when
 * asked. Only calls are measured: a request that is not a call document (fault -32700) or that HTTP
 * refuses (4xx) is not. The tags given to {@link Builder#tags} go on every meter, so that two
 * servers in one registry stay apart.
 *
 * <p>Safe for concurrent use; one instance per server.
 */
public final class ServerMetrics implements CallListener, ConnectionListener {
  /** The method tag of calls to methods the server does not have. */
  public static final String UNKNOWN = "(unknown)";

  /** The method or code tag past the limit of distinct values. */
  public static final String OTHER = "(other)";

  private final MeterRegistry registry;
  private final Tags tags;
  private final double[] percentiles;
  private final boolean histogram;
  private final int maxMethods;
  private final int maxFaultCodes;
  private final Map<String, MethodMeters> methods = new ConcurrentHashMap<>();
  private final Map<Integer, String> faultCodes = new ConcurrentHashMap<>();
  private final AtomicInteger open = new AtomicInteger();
  private final Map<String, Counter> rejected = new ConcurrentHashMap<>();

  private ServerMetrics(Builder builder) {
    this.registry = builder.registry;
    this.tags = builder.tags;
    this.percentiles = builder.percentiles.clone();
    this.histogram = builder.histogram;
    this.maxMethods = builder.maxMethods;
    this.maxFaultCodes = builder.maxFaultCodes;
    Gauge.builder("capas.server.connections.open", open, AtomicInteger::get)
        .description("XML-RPC server connections open now")
        .tags(tags)
        .strongReference(true)
        .register(registry);
    rejectedCounter(ConnectionListener.CONNECTION_LIMIT);
  }

  /** Meters in {@code registry} with the default settings. */
  public static ServerMetrics of(MeterRegistry registry) {
    return builder(registry).build();
  }

  /** Settings for meters in {@code registry}. */
  public static Builder builder(MeterRegistry registry) {
    return new Builder(registry);
  }

  /**
   * Makes {@code server} report to these meters (its call and connection listeners); call before
   * {@link RpcServer#start()}.
   *
   * @return {@code server}
   */
  public RpcServer bindTo(RpcServer server) {
    return server.listen(this).listenConnections(this);
  }

  @Override
  public void ended(CallContext context, Result result) {
    MethodMeters meters = meters(context.method(), result.faultCode());
    if (result.succeeded()) {
      meters.success.record(result.duration());
    } else {
      meters.fault.record(result.duration());
      meters.faultCounter(faultTag(result.faultCode())).increment();
    }
    if (result.requestBytes() >= 0) {
      meters.requestSize.record((double) result.requestBytes());
    }
    meters.responseSize.record((double) result.responseBytes());
  }

  @Override
  public void opened(Connection connection) {
    open.incrementAndGet();
  }

  @Override
  public void closed(Connection connection) {
    open.decrementAndGet();
  }

  @Override
  public void rejected(Connection connection, String reason) {
    rejectedCounter(reason).increment();
  }

  private Counter rejectedCounter(String reason) {
    // Reasons are the bindings' constants, not input: no bound needed.
    return rejected.computeIfAbsent(
        reason,
        r ->
            Counter.builder("capas.server.connections.rejected")
                .description("XML-RPC server connections refused")
                .tags(tags)
                .tag("reason", r)
                .register(registry));
  }

  private MethodMeters meters(String method, int faultCode) {
    String name = faultCode == FaultCodes.METHOD_NOT_FOUND ? UNKNOWN : method;
    MethodMeters meters = methods.get(name);
    if (meters != null) {
      return meters;
    }
    if (methods.size() >= maxMethods) {
      name = OTHER;
    }
    return methods.computeIfAbsent(name, MethodMeters::new);
  }

  private String faultTag(int code) {
    String tag = faultCodes.get(code);
    if (tag != null) {
      return tag;
    }
    if (faultCodes.size() >= maxFaultCodes) {
      return OTHER;
    }
    return faultCodes.computeIfAbsent(code, String::valueOf);
  }

  /** The meters of one method tag. */
  private final class MethodMeters {
    final String method;
    final Timer success;
    final Timer fault;
    final DistributionSummary requestSize;
    final DistributionSummary responseSize;
    final Map<String, Counter> faults = new ConcurrentHashMap<>();

    MethodMeters(String method) {
      this.method = method;
      this.success = timer(method, "success");
      this.fault = timer(method, "fault");
      this.requestSize =
          DistributionSummary.builder("capas.server.request.size")
              .description("XML-RPC request documents")
              .baseUnit("bytes")
              .tags(tags)
              .tag("method", method)
              .register(registry);
      this.responseSize =
          DistributionSummary.builder("capas.server.response.size")
              .description("XML-RPC response documents, before compression")
              .baseUnit("bytes")
              .tags(tags)
              .tag("method", method)
              .register(registry);
    }

    private Timer timer(String method, String outcome) {
      return Timer.builder("capas.server.calls")
          .description("XML-RPC calls answered, from the document read to the response written")
          .tags(tags)
          .tag("method", method)
          .tag("outcome", outcome)
          .publishPercentiles(percentiles)
          .publishPercentileHistogram(histogram)
          .register(registry);
    }

    Counter faultCounter(String code) {
      return faults.computeIfAbsent(
          code,
          c ->
              Counter.builder("capas.server.faults")
                  .description("XML-RPC calls answered with a fault")
                  .tags(tags)
                  .tag("method", method)
                  .tag("code", c)
                  .register(registry));
    }
  }

  /** Settings of {@link ServerMetrics}. Not thread-safe. */
  public static final class Builder {
    private final MeterRegistry registry;
    private Tags tags = Tags.empty();
    private double[] percentiles = {0.5, 0.95, 0.99};
    private boolean histogram;
    private int maxMethods = 500;
    private int maxFaultCodes = 64;

    private Builder(MeterRegistry registry) {
      this.registry = registry;
    }

    /** Tags on every meter, as name-value pairs ({@code "server", "billing"}). */
    public Builder tags(String... namesAndValues) {
      this.tags = Tags.of(namesAndValues);
      return this;
    }

    /** The latency percentiles published (none: no percentiles); 0.5, 0.95, 0.99 by default. */
    public Builder percentiles(double... values) {
      for (double value : values) {
        checkArgument(value >= 0 && value <= 1, "a percentile is within [0, 1]: %s", value);
      }
      this.percentiles = values.clone();
      return this;
    }

    /** Whether the latency timer publishes a percentile histogram (off by default). */
    public Builder percentileHistogram(boolean value) {
      this.histogram = value;
      return this;
    }

    /**
     * The most distinct method tags (500 by default); the rest share {@value ServerMetrics#OTHER}.
     */
    public Builder maxMethods(int value) {
      checkArgument(value > 0, "maxMethods must be positive: %s", value);
      this.maxMethods = value;
      return this;
    }

    /**
     * The most distinct fault code tags (64 by default); the rest share {@value
     * ServerMetrics#OTHER}.
     */
    public Builder maxFaultCodes(int value) {
      checkArgument(value > 0, "maxFaultCodes must be positive: %s", value);
      this.maxFaultCodes = value;
      return this;
    }

    /** The meters, registered now (the connection meters) and as calls come (the rest). */
    public ServerMetrics build() {
      return new ServerMetrics(this);
    }
  }
}
