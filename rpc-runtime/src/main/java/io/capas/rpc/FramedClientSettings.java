package io.capas.rpc;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import io.capas.transport.Dialer;
import io.capas.transport.Endpoint;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Settings of the XML-RPC over length-prefixed frames client binding (the wire of {@link
 * RpcServer#framed}); {@link #client()} builds the {@link Client}.
 *
 * <pre>{@code
 * Client client = FramedClientSettings.builder()
 *     .endpoint("localhost", 9000)
 *     .pipelined(1024)
 *     .timeout(Duration.ofSeconds(5))
 *     .build()
 *     .client();
 * }</pre>
 *
 * <p>Two ways to use connections: <b>pooled</b> (the default), one call at a time per connection,
 * concurrent callers each taking a pooled connection (up to {@code maxIdleConnections} kept idle; a
 * call on a reused connection that finds it closed before any reply byte is sent again once on a
 * fresh one); or <b>pipelined</b>, every caller sharing ONE connection and writing its request as
 * soon as it has the write lock, with at most {@code maxInFlight} calls sent and not yet answered
 * (a call that may have reached the server is never sent again). Pipelining pays when several
 * callers share the client; for a lone sequential caller it is no faster than pooled.
 *
 * <p>Immutable and thread-safe.
 *
 * @param maxInFlight calls on the wire at once when pipelined; 0 for pooled connections
 */
public record FramedClientSettings(
    Endpoint endpoint,
    Dialer dialer,
    Duration connectTimeout,
    Duration timeout,
    RpcCodec codec,
    int maxFrameBytes,
    int maxIdleConnections,
    int maxInFlight) {

  /** The default bound on pipelined calls on the wire at once. */
  public static final int DEFAULT_MAX_IN_FLIGHT = 1024;

  public FramedClientSettings {
    checkArgument(
        connectTimeout.isPositive(), "connectTimeout must be positive: %s", connectTimeout);
    checkArgument(timeout.isPositive(), "timeout must be positive: %s", timeout);
    checkArgument(maxFrameBytes >= 64, "maxFrameBytes too small: %s", maxFrameBytes);
    checkArgument(maxIdleConnections >= 0, "maxIdleConnections negative: %s", maxIdleConnections);
    checkArgument(maxInFlight >= 0, "maxInFlight negative: %s", maxInFlight);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Whether all calls share one pipelined connection. */
  public boolean pipelined() {
    return maxInFlight > 0;
  }

  /** The framed binding as an {@link Invoker}. */
  public Invoker invoker() {
    return pipelined() ? new PipelinedFramedInvoker(this) : new PooledFramedInvoker(this);
  }

  /** A client over {@link #invoker()} with {@link #timeout()} per call. */
  public Client client() {
    return new Client(invoker(), timeout);
  }

  /** {@code framed://host:port}. */
  public String url() {
    return "framed://" + endpoint;
  }

  /** Builds {@link FramedClientSettings}; not thread-safe. */
  public static final class Builder {
    private @Nullable Endpoint endpoint;
    private Dialer dialer = Dialer.system();
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration timeout = Duration.ofSeconds(30);
    private RpcCodec codec = RpcCodec.xmlRpc();
    private int maxFrameBytes = FramedServerSettings.defaults().maxFrameBytes();
    private int maxIdleConnections = 8;
    private int maxInFlight;

    private Builder() {}

    public Builder endpoint(String host, int port) {
      return endpoint(Endpoint.of(host, port));
    }

    public Builder endpoint(Endpoint value) {
      this.endpoint = value;
      return this;
    }

    /** How connections are opened ({@code transport::connect}); JDK sockets by default. */
    public Builder dialer(Dialer value) {
      this.dialer = value;
      return this;
    }

    /** Bounds opening a connection (10 s), within what is left of the call's deadline. */
    public Builder connectTimeout(Duration value) {
      this.connectTimeout = value;
      return this;
    }

    /** Bounds each whole call (connect, send, wait, read); 30 s by default. */
    public Builder timeout(Duration value) {
      this.timeout = value;
      return this;
    }

    /** The document codec ({@link RpcCodec#xmlRpc()} unless swapped). */
    public Builder codec(RpcCodec value) {
      this.codec = value;
      return this;
    }

    /** The largest response frame accepted (16 MiB, as the server's default). */
    public Builder maxFrameBytes(int value) {
      this.maxFrameBytes = value;
      return this;
    }

    /** Pooled connections kept for reuse (8 by default; 0 closes after each call). */
    public Builder maxIdleConnections(int value) {
      this.maxIdleConnections = value;
      return this;
    }

    /** Pipelined calls on one shared connection, at most {@code maxInFlight} on the wire. */
    public Builder pipelined(int maxInFlight) {
      checkArgument(maxInFlight > 0, "maxInFlight must be positive: %s", maxInFlight);
      this.maxInFlight = maxInFlight;
      return this;
    }

    /** Pipelined calls with at most {@link #DEFAULT_MAX_IN_FLIGHT} on the wire. */
    public Builder pipelined() {
      return pipelined(DEFAULT_MAX_IN_FLIGHT);
    }

    /** One call at a time per pooled connection (the default). */
    public Builder pooled() {
      this.maxInFlight = 0;
      return this;
    }

    public FramedClientSettings build() {
      checkState(endpoint != null, "no endpoint: call endpoint(host, port)");
      return new FramedClientSettings(
          endpoint,
          dialer,
          connectTimeout,
          timeout,
          codec,
          maxFrameBytes,
          maxIdleConnections,
          maxInFlight);
    }
  }
}
