package io.capas.rpc;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import io.capas.transport.Endpoint;
import io.capas.transport.MessageTransport;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Settings of the client binding that sends XML-RPC documents as whole messages of a {@link
 * MessageTransport} (reliable UDP binds one; the wire of {@link RpcServer#messages}); {@link
 * #client()} builds the {@link Client}.
 *
 * <pre>{@code
 * Client client = MessageClientSettings.builder()
 *     .transport(new ReliableUdpTransport(ReliableUdpConfig.defaults()))
 *     .endpoint("localhost", 9000)
 *     .timeout(Duration.ofSeconds(5))
 *     .build()
 *     .client();
 * }</pre>
 *
 * <p>Retries, if any, are the transport's (reliable UDP resends with a doubling timeout and its
 * server runs a call at most once). The call's timeout is one deadline for all of it, opening the
 * channel (a lookup) included. Immutable and thread-safe.
 *
 * @param scheme the URL scheme naming the transport in messages ({@code udp})
 */
public record MessageClientSettings(
    MessageTransport transport,
    Endpoint endpoint,
    String scheme,
    Duration timeout,
    RpcCodec codec) {
  public MessageClientSettings {
    checkArgument(timeout.isPositive(), "timeout must be positive: %s", timeout);
    checkArgument(!scheme.isEmpty(), "empty scheme");
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The binding as an {@link Invoker}. */
  public Invoker invoker() {
    return new MessageInvoker(this);
  }

  /** A client over {@link #invoker()} with {@link #timeout()} per call. */
  public Client client() {
    return new Client(invoker(), timeout);
  }

  /** {@code scheme://host:port}. */
  public String url() {
    return scheme + "://" + endpoint;
  }

  /** Builds {@link MessageClientSettings}; not thread-safe. */
  public static final class Builder {
    private @Nullable MessageTransport transport;
    private @Nullable Endpoint endpoint;
    private String scheme = "udp";
    private Duration timeout = Duration.ofSeconds(30);
    private RpcCodec codec = RpcCodec.xmlRpc();

    private Builder() {}

    public Builder transport(MessageTransport value) {
      this.transport = value;
      return this;
    }

    public Builder endpoint(String host, int port) {
      return endpoint(Endpoint.of(host, port));
    }

    public Builder endpoint(Endpoint value) {
      this.endpoint = value;
      return this;
    }

    /** The URL scheme of the transport, for messages ({@code udp} by default). */
    public Builder scheme(String value) {
      this.scheme = value;
      return this;
    }

    /** Bounds each whole call, retries and lookup included; 30 s by default. */
    public Builder timeout(Duration value) {
      this.timeout = value;
      return this;
    }

    /** The document codec ({@link RpcCodec#xmlRpc()} unless swapped). */
    public Builder codec(RpcCodec value) {
      this.codec = value;
      return this;
    }

    public MessageClientSettings build() {
      checkState(transport != null, "no transport: call transport(...)");
      checkState(endpoint != null, "no endpoint: call endpoint(host, port)");
      return new MessageClientSettings(transport, endpoint, scheme, timeout, codec);
    }
  }
}
