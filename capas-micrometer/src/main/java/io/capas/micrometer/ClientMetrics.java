package io.capas.micrometer;

import static com.google.common.base.Preconditions.checkArgument;

import io.capas.rpc.Client;
import io.capas.rpc.ClientCall;
import io.capas.rpc.ClientInterceptor;
import io.capas.rpc.RpcException;
import io.capas.rpc.RpcFault;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Binds a {@link Client} to a Micrometer {@link MeterRegistry}, as a {@link ClientInterceptor}:
 *
 * <pre>
 *   meter                 type     tags             counts
 *   capas.client.calls    timer    method, outcome  calls made and their latency, as the caller saw it;
 *                                                   outcome is success, fault or error
 *   capas.client.faults   counter  method, code     calls answered with a fault, by code
 *   capas.client.errors   counter  method, kind     calls failed otherwise, by {@link RpcException.Kind}
 *                                                   (unavailable, timeout, protocol, io, closed, cancelled)
 * </pre>
 *
 * <pre>{@code
 * Client client = ClientMetrics.of(registry).bindTo(Client.connect(url));
 * }</pre>
 *
 * <p>A client knows the document sizes only inside its binding: bytes are not measured here (the
 * server's {@link ServerMetrics} has them). Method and code tags are bounded as in {@link
 * ServerMetrics}. The latency runs on the registry's clock. Safe for concurrent use; may be shared
 * by several clients (their meters add up unless {@link #of(MeterRegistry, String...)} tags them).
 */
public final class ClientMetrics implements ClientInterceptor {
  private static final int MAX_METHODS = 500;
  private static final int MAX_FAULT_CODES = 64;

  private final MeterRegistry registry;
  private final Tags tags;
  private final Map<String, Map<String, Timer>> timers = new ConcurrentHashMap<>();
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final Map<Integer, String> faultCodes = new ConcurrentHashMap<>();

  private ClientMetrics(MeterRegistry registry, Tags tags) {
    this.registry = registry;
    this.tags = tags;
  }

  /** Meters in {@code registry}. */
  public static ClientMetrics of(MeterRegistry registry) {
    return new ClientMetrics(registry, Tags.empty());
  }

  /** Meters in {@code registry} with these tags on each, as name-value pairs. */
  public static ClientMetrics of(MeterRegistry registry, String... namesAndValues) {
    checkArgument(namesAndValues.length % 2 == 0, "tags come as name-value pairs");
    return new ClientMetrics(registry, Tags.of(namesAndValues));
  }

  /** {@code client} with these meters at the end of its interceptors. */
  public Client bindTo(Client client) {
    return client.withInterceptor(this);
  }

  @Override
  public @Nullable Object intercept(ClientCall call, Chain next) {
    Timer.Sample sample = Timer.start(registry);
    String method = methodTag(call.method());
    try {
      Object result = next.proceed(call);
      sample.stop(timer(method, "success"));
      return result;
    } catch (RpcFault fault) {
      sample.stop(timer(method, "fault"));
      counter("capas.client.faults", method, "code", faultTag(fault.code())).increment();
      throw fault;
    } catch (RpcException e) {
      sample.stop(timer(method, "error"));
      counter("capas.client.errors", method, "kind", e.kind().name().toLowerCase(Locale.ROOT))
          .increment();
      throw e;
    }
  }

  private String methodTag(String method) {
    return timers.containsKey(method) || timers.size() < MAX_METHODS ? method : ServerMetrics.OTHER;
  }

  private String faultTag(int code) {
    String tag = faultCodes.get(code);
    if (tag != null) {
      return tag;
    }
    return faultCodes.size() >= MAX_FAULT_CODES
        ? ServerMetrics.OTHER
        : faultCodes.computeIfAbsent(code, String::valueOf);
  }

  private Timer timer(String method, String outcome) {
    return timers
        .computeIfAbsent(method, m -> new ConcurrentHashMap<>())
        .computeIfAbsent(
            outcome,
            o ->
                Timer.builder("capas.client.calls")
                    .description("XML-RPC calls made, as the caller saw them")
                    .tags(tags)
                    .tag("method", method)
                    .tag("outcome", o)
                    .publishPercentiles(0.5, 0.95, 0.99)
                    .register(registry));
  }

  private Counter counter(String name, String method, String tag, String value) {
    return counters.computeIfAbsent(
        name + '\0' + method + '\0' + value,
        key ->
            Counter.builder(name)
                .description(
                    name.endsWith("faults")
                        ? "XML-RPC calls answered with a fault"
                        : "XML-RPC calls failed without an answer")
                .tags(tags)
                .tag("method", method)
                .tag(tag, value)
                .register(registry));
  }
}
