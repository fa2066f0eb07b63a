package io.capas.transport.tcp;

import static com.google.common.base.Preconditions.checkArgument;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link TcpTransport} serves: the server model and its limits. Immutable and thread-safe.
 *
 * <pre>{@code
 * TcpConfig config = TcpConfig.builder()
 *     .model(TcpConfig.Model.MULTIPLEX)
 *     .selectorThreads(2)
 *     .maxConnections(1_000)
 *     .idleTimeout(Duration.ofMinutes(2))
 *     .build();
 * }</pre>
 *
 * @param model how accepted connections are served; by default {@link Model#MULTIPLEX}, with or
 *     without TLS
 * @param poolSize the platform threads serving requests in the {@link Model#POOL} model (ignored by
 *     the others)
 * @param maxConnections the most connections served at once; past it new ones are closed at once
 * @param idleTimeout the initial read timeout of every session ({@link Duration#ZERO}: none); a
 *     session may change it through {@link io.capas.transport.SessionContext#readTimeout}
 * @param writeTimeout how long a connection may go without the peer taking any of the bytes written
 *     to it before it is closed ({@link Duration#ZERO}: never): a peer that stops reading cannot
 *     hold a thread (blocking models) or a write queue (multiplexing) forever
 * @param readBufferSize the bytes read per call into a session's buffer
 * @param backlog the listen queue length
 * @param tcpNoDelay whether Nagle's algorithm is off on every connection
 * @param writeQueueHighWatermark {@link Model#MULTIPLEX}: the queued outbound bytes past which a
 *     connection is no longer read until half of them are sent
 * @param selectorThreads {@link Model#MULTIPLEX} only (ignored by the others): the selector loops
 *     that share the connections, in [1, 256]; default the available processors (at most 256). The
 *     first loop also accepts, and hands each new connection to the loop with the fewest
 *     connections; a connection stays on its loop for its whole life, so its session is still
 *     called from one thread only. One loop confines all session work, such as parsing, to one
 *     core.
 * @param offloadAfter {@link Model#MULTIPLEX} only: how long a task a session offloads (an RPC
 *     handler) may run on its selector loop before the loop goes on on a new thread and leaves the
 *     task the old one; {@link Duration#ZERO} runs every such task on a virtual thread of its own
 *     instead. Default 5 ms: a quick handler costs no thread switch, a blocking one delays the
 *     loop's other connections by about that much (plus the watchdog's 2 ms tick)
 * @param tls TLS on every connection, served and connected ({@code null}: plain TCP), on every
 *     model: the blocking ones layer an {@code SSLSocket} over each connection, {@link
 *     Model#MULTIPLEX} drives an {@code SSLEngine} on its selector loops
 */
public record TcpConfig(
    Model model,
    int poolSize,
    int maxConnections,
    Duration idleTimeout,
    Duration writeTimeout,
    int readBufferSize,
    int backlog,
    boolean tcpNoDelay,
    int writeQueueHighWatermark,
    int selectorThreads,
    Duration offloadAfter,
    @Nullable TlsSettings tls) {

  /**
   * The four server models. In every one an idle connection (one waiting for its next request, such
   * as a kept-alive HTTP/1.1 client between calls) costs no platform thread: the blocking models
   * wait for each connection's input on a virtual thread of its own, the multiplexing one on a
   * selector. What differs is where a connection's session calls run, that is where requests are
   * served. Calls for one connection never overlap and keep their order in all four; whatever a
   * session throws closes its own connection only.
   */
  public enum Model {
    /**
     * One request at a time: every session's calls run on one platform thread, in the order their
     * connections' input arrives. Connections are read on a virtual thread each, so an idle
     * connection does not hold the others back, but a slow request holds every other one. Like
     * {@link #POOL}, the thread goes on reading the connection it just served for up to a
     * millisecond while no other request waits, so a busy connection pays no hand-over per request.
     */
    SEQUENTIAL,
    /** A virtual thread per connection, which both reads it and runs its session's calls. */
    THREAD_PER_CONNECTION,
    /**
     * A fixed pool of {@link TcpConfig#poolSize()} platform threads serving requests, not
     * connections: each connection is read on a virtual thread of its own, which hands every
     * session call to the pool and waits for it. Past the pool's size, requests (not connections)
     * wait for a free thread; a write blocked on a peer that does not read holds its pool thread
     * for at most the {@linkplain TcpConfig#writeTimeout() write timeout}. A pool thread that
     * served a request goes on reading that connection for up to a millisecond while no other
     * request waits (its next request then costs no hand-over between threads); an idle connection
     * holds a pool thread for no longer than that. What a session {@linkplain
     * io.capas.transport.SessionContext#offload offloads} (an RPC handler) runs on the connection's
     * virtual thread, not on the pool.
     */
    POOL,
    /**
     * Non-blocking channels served by a group of selector threads ({@link
     * TcpConfig#selectorThreads()}); each connection stays on one of them, which reads it and runs
     * its session's calls (the default, with TLS too: the fastest on every workload measured). What
     * a session {@linkplain io.capas.transport.SessionContext#offload offloads} (an RPC handler not
     * declared non-blocking) runs on the loop while it is quick; one that runs past {@link
     * TcpConfig#offloadAfter()} keeps its thread and the loop goes on on a new one, so a handler
     * that blocks holds a loop for a few milliseconds at most.
     */
    MULTIPLEX
  }

  /**
   * The model when none is chosen: {@link Model#MULTIPLEX}, the fastest, with TLS as without (it
   * was {@link Model#THREAD_PER_CONNECTION} with TLS until MULTIPLEX served TLS, issue 16).
   */
  static Model defaultModel() {
    return Model.MULTIPLEX;
  }

  /** The most selector loops of the {@link Model#MULTIPLEX} model. */
  static final int MAX_SELECTOR_THREADS = 256;

  /**
   * Half the processors, at least one: the other half is for the handlers that leave their loop
   * (and, on the benchmark machine, for the load generator). On 2 cores with wrk beside the server,
   * 16 connections calling {@code suma} got about 95,000 calls/s from one loop and 64,000 from two
   * (docs/BENCHMARKS.md, issue 13); a dedicated many-core server may well want more loops.
   */
  static int defaultSelectorThreads() {
    return Math.clamp(Runtime.getRuntime().availableProcessors() / 2, 1, MAX_SELECTOR_THREADS);
  }

  public TcpConfig {
    checkArgument(poolSize > 0, "poolSize must be positive: %s", poolSize);
    checkArgument(maxConnections > 0, "maxConnections must be positive: %s", maxConnections);
    checkArgument(!idleTimeout.isNegative(), "negative idleTimeout: %s", idleTimeout);
    checkArgument(!writeTimeout.isNegative(), "negative writeTimeout: %s", writeTimeout);
    checkArgument(!offloadAfter.isNegative(), "negative offloadAfter: %s", offloadAfter);
    checkArgument(
        readBufferSize >= 512 && readBufferSize <= 16 << 20,
        "readBufferSize out of [512, 16 MiB]: %s",
        readBufferSize);
    checkArgument(backlog > 0, "backlog must be positive: %s", backlog);
    checkArgument(
        writeQueueHighWatermark > 0,
        "writeQueueHighWatermark must be positive: %s",
        writeQueueHighWatermark);
    checkArgument(
        selectorThreads >= 1 && selectorThreads <= MAX_SELECTOR_THREADS,
        "selectorThreads out of [1, %s]: %s",
        MAX_SELECTOR_THREADS,
        selectorThreads);
  }

  /**
   * {@link Model#MULTIPLEX} with one selector loop per two processors and handlers moved off a loop
   * after 5 ms, at most 10,000 connections, no idle timeout, 60 s write timeout, 16 KiB reads,
   * backlog 256, no Nagle, 1 MiB write queue watermark, no TLS.
   */
  public static TcpConfig defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    Builder b = new Builder();
    // The default model stays a default: a builder's default may change with what it is given.
    b.model = model == defaultModel() ? null : model;
    b.poolSize = poolSize;
    b.maxConnections = maxConnections;
    b.idleTimeout = idleTimeout;
    b.writeTimeout = writeTimeout;
    b.readBufferSize = readBufferSize;
    b.backlog = backlog;
    b.tcpNoDelay = tcpNoDelay;
    b.writeQueueHighWatermark = writeQueueHighWatermark;
    b.selectorThreads = selectorThreads;
    b.offloadAfter = offloadAfter;
    b.tls = tls;
    return b;
  }

  /** Builds a {@link TcpConfig}; each setting starts at its default. Not thread-safe. */
  public static final class Builder {
    /** Chosen, or {@code null} for the default: {@link #defaultModel}. */
    private @Nullable Model model;

    private int poolSize = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
    private int maxConnections = 10_000;
    private Duration idleTimeout = Duration.ZERO;
    private Duration writeTimeout = Duration.ofSeconds(60);
    private int readBufferSize = 16 * 1024;
    private int backlog = 256;
    private boolean tcpNoDelay = true;
    private int writeQueueHighWatermark = 1 << 20;
    private int selectorThreads = defaultSelectorThreads();
    private Duration offloadAfter = Duration.ofMillis(5);
    private @Nullable TlsSettings tls;

    private Builder() {}

    public Builder model(Model value) {
      model = value;
      return this;
    }

    /** The {@link Model#POOL} model with {@code size} threads. */
    public Builder pool(int size) {
      model = Model.POOL;
      poolSize = size;
      return this;
    }

    /**
     * The threads of the {@link Model#POOL} model, whichever model is chosen (the others ignore
     * it); default {@code max(4, 2 * processors)}.
     */
    public Builder poolSize(int size) {
      poolSize = size;
      return this;
    }

    public Builder maxConnections(int value) {
      maxConnections = value;
      return this;
    }

    public Builder idleTimeout(Duration value) {
      idleTimeout = value;
      return this;
    }

    /** See {@link TcpConfig#writeTimeout()}; 60 s by default, {@link Duration#ZERO} for never. */
    public Builder writeTimeout(Duration value) {
      writeTimeout = value;
      return this;
    }

    public Builder readBufferSize(int value) {
      readBufferSize = value;
      return this;
    }

    public Builder backlog(int value) {
      backlog = value;
      return this;
    }

    public Builder tcpNoDelay(boolean value) {
      tcpNoDelay = value;
      return this;
    }

    public Builder writeQueueHighWatermark(int value) {
      writeQueueHighWatermark = value;
      return this;
    }

    /**
     * The selector loops of the {@link Model#MULTIPLEX} model, in [1, 256] (default: half the
     * available processors, at least one: the other half runs the offloaded handlers' virtual
     * threads); the other models ignore it. See {@link TcpConfig#selectorThreads()}.
     */
    public Builder selectorThreads(int value) {
      selectorThreads = value;
      return this;
    }

    /** See {@link TcpConfig#offloadAfter()}: 5 ms by default, {@link Duration#ZERO} for never. */
    public Builder offloadAfter(Duration value) {
      offloadAfter = value;
      return this;
    }

    /** TLS on every connection ({@code null}: plain TCP, the default). */
    public Builder tls(@Nullable TlsSettings value) {
      tls = value;
      return this;
    }

    public TcpConfig build() {
      return new TcpConfig(
          model != null ? model : defaultModel(),
          poolSize,
          maxConnections,
          idleTimeout,
          writeTimeout,
          readBufferSize,
          backlog,
          tcpNoDelay,
          writeQueueHighWatermark,
          selectorThreads,
          offloadAfter,
          tls);
    }
  }
}
