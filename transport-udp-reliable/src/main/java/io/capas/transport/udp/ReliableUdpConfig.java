package io.capas.transport.udp;

import static com.google.common.base.Preconditions.checkArgument;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Every constant of the reliable UDP transport. Immutable and thread-safe; build one with {@link
 * #builder()} or take {@link #defaults()}.
 *
 * <p>Retry: the first wait for an answer is {@link #initialWait()} (100 ms by default), each silent
 * wait is {@link #multiplier()} times the previous one, and every wait is stretched by a random
 * factor in {@code [1, 1 + jitter)} so that many clients do not resend in step. The client gives up
 * with {@link ServerUnreachableException} when the next wait would pass {@link #maxWait()} (2 s by
 * default: 5 sends over about 3.1 s). Any answer from the server (an acknowledgement, a reply
 * fragment, an "in progress" status) makes the call alive again.
 *
 * <p>Server: a reply is remembered for {@link #replyRetention()}, which must exceed the client's
 * whole retry span ({@link #retrySpan()}), in a cache bounded by {@link #replyCacheEntries()} and
 * {@link #replyCacheBytes()}; partly received requests together hold at most {@link
 * #assemblyBytes()}. A full cache refuses new requests rather than forget a reply before its
 * retention ends (at-most-once), and each limit has a per-address share so that one sender cannot
 * take the room of the others.
 *
 * <p>Hostile peers (issue 12; see the docs' threat model). What each limit protects:
 *
 * <ul>
 *   <li>{@link #amplificationFactor()} (3, as QUIC's RFC 9000 §8.1): until an address has echoed
 *       the server's cookie (so it receives what the server sends there), the server sends it at
 *       most this many times the bytes it received from it. Stops a spoofed source from turning the
 *       server into a reflector.
 *   <li>{@link #unvalidatedAddresses()} (4,096): how many unvalidated addresses the server keeps
 *       byte counts for (least recently seen go first; a forgotten address starts again at zero
 *       credit, so the ratio still holds). Bounds that table's memory (~100 bytes an address).
 *   <li>{@link #replayInterval()} (50 ms, at most {@link #initialWait()}): the least time between
 *       two full bursts a forced acknowledgement or a resent request may draw from one cached
 *       reply. Bounds what a validated peer (or a duplicating network) can make one reply cost.
 *   <li>{@link #replyCacheEntriesPerAddress()} (32,768, half the cache): entries one client IP
 *       address may hold, so that a flood of new request ids from one sender refuses that sender
 *       only. Replies whose client may still ask for them (within {@link #retrySpan()} of the last
 *       exchange about them) count; settled ones give way, so one address sustains about this many
 *       calls per retry span (32,768 / 3.7 s: some 8,800 calls a second by default).
 *   <li>{@link #assemblyBytesPerAddress()} (twice {@link #maxMessageSize()}, at most {@link
 *       #assemblyBytes()}): what the messages partly received from one IP address may announce in
 *       all (their bytes plus per-fragment overhead). Reassembly memory follows what arrived, and
 *       this keeps one sender from opening more messages than it could ever finish.
 * </ul>
 */
public record ReliableUdpConfig(
    Duration initialWait,
    double multiplier,
    Duration maxWait,
    double jitter,
    int fragmentSize,
    int window,
    int maxMessageSize,
    Duration replyRetention,
    int replyCacheEntries,
    long replyCacheBytes,
    long assemblyBytes,
    int replySpins,
    int amplificationFactor,
    int unvalidatedAddresses,
    Duration replayInterval,
    int replyCacheEntriesPerAddress,
    long assemblyBytesPerAddress) {

  /** The largest UDP payload over IPv4 (65,535 - 20 IP - 8 UDP). */
  public static final int MAX_DATAGRAM = 65_507;

  public ReliableUdpConfig {
    checkArgument(initialWait.toNanos() > 0, "initialWait must be positive: %s", initialWait);
    checkArgument(
        multiplier >= 1.0 && multiplier <= 16.0, "multiplier out of [1, 16]: %s", multiplier);
    checkArgument(
        maxWait.compareTo(initialWait) >= 0, "maxWait %s < initialWait %s", maxWait, initialWait);
    checkArgument(jitter >= 0.0 && jitter <= 1.0, "jitter out of [0, 1]: %s", jitter);
    checkArgument(
        fragmentSize >= Wire.MIN_FRAGMENT && fragmentSize <= MAX_DATAGRAM - Wire.HEADER,
        "fragmentSize out of [%s, %s]: %s",
        Wire.MIN_FRAGMENT,
        MAX_DATAGRAM - Wire.HEADER,
        fragmentSize);
    checkArgument(window >= 2 && window <= 4096, "window out of [2, 4096]: %s", window);
    checkArgument(
        maxMessageSize >= 0 && maxMessageSize <= Wire.MAX_MESSAGE,
        "maxMessageSize out of [0, %s]: %s",
        Wire.MAX_MESSAGE,
        maxMessageSize);
    checkArgument(
        replyCacheEntries >= 1, "replyCacheEntries must be positive: %s", replyCacheEntries);
    checkArgument(
        replyCacheBytes >= 0, "replyCacheBytes must not be negative: %s", replyCacheBytes);
    checkArgument(assemblyBytes >= 0, "assemblyBytes must not be negative: %s", assemblyBytes);
    checkArgument(
        replySpins >= 0 && replySpins <= 1_000_000,
        "replySpins out of [0, 1000000]: %s",
        replySpins);
    checkArgument(
        amplificationFactor >= 1 && amplificationFactor <= 10,
        "amplificationFactor out of [1, 10]: %s",
        amplificationFactor);
    checkArgument(
        unvalidatedAddresses >= 1 && unvalidatedAddresses <= 1 << 20,
        "unvalidatedAddresses out of [1, %s]: %s",
        1 << 20,
        unvalidatedAddresses);
    checkArgument(
        !replayInterval.isNegative() && replayInterval.compareTo(initialWait) <= 0,
        "replayInterval out of [0, initialWait %s]: %s",
        initialWait,
        replayInterval);
    checkArgument(
        replyCacheEntriesPerAddress >= 1,
        "replyCacheEntriesPerAddress must be positive: %s",
        replyCacheEntriesPerAddress);
    checkArgument(
        assemblyBytesPerAddress >= 0 && assemblyBytesPerAddress <= assemblyBytes,
        "assemblyBytesPerAddress out of [0, assemblyBytes %s]: %s",
        assemblyBytes,
        assemblyBytesPerAddress);
    Duration span = retrySpan(initialWait, multiplier, maxWait, jitter);
    checkArgument(
        replyRetention.compareTo(span) > 0,
        "replyRetention %s must exceed the client's retry span %s",
        replyRetention,
        span);
  }

  /** 100 ms doubling up to 2 s, 4 MiB messages. */
  public static ReliableUdpConfig defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .initialWait(initialWait)
        .multiplier(multiplier)
        .maxWait(maxWait)
        .jitter(jitter)
        .fragmentSize(fragmentSize)
        .window(window)
        .maxMessageSize(maxMessageSize)
        .replyRetention(replyRetention)
        .replyCacheEntries(replyCacheEntries)
        .replyCacheBytes(replyCacheBytes)
        .assemblyBytes(assemblyBytes)
        .replySpins(replySpins)
        .amplificationFactor(amplificationFactor)
        .unvalidatedAddresses(unvalidatedAddresses)
        .replayInterval(replayInterval)
        .replyCacheEntriesPerAddress(replyCacheEntriesPerAddress)
        .assemblyBytesPerAddress(assemblyBytesPerAddress);
  }

  /** How many sends a silent server gets before the client gives up. */
  public int maxAttempts() {
    return attempts(initialWait, multiplier, maxWait);
  }

  /** The longest time a client keeps resending to a silent server (all waits, full jitter). */
  public Duration retrySpan() {
    return retrySpan(initialWait, multiplier, maxWait, jitter);
  }

  private static int attempts(Duration initialWait, double multiplier, Duration maxWait) {
    if (multiplier == 1.0) {
      return 1 + (int) Math.min(64, maxWait.toNanos() / initialWait.toNanos());
    }
    int attempts = 1;
    double wait = initialWait.toNanos();
    while (wait * multiplier <= maxWait.toNanos() && attempts < 64) {
      wait *= multiplier;
      attempts++;
    }
    return attempts;
  }

  private static Duration retrySpan(
      Duration initialWait, double multiplier, Duration maxWait, double jitter) {
    int attempts = attempts(initialWait, multiplier, maxWait);
    double total = 0;
    double wait = initialWait.toNanos();
    for (int i = 0; i < attempts; i++) {
      total += wait;
      wait *= multiplier;
    }
    return Duration.ofNanos((long) Math.ceil(total * (1 + jitter)));
  }

  /** Builder for {@link ReliableUdpConfig}; every setting starts at its default. */
  public static final class Builder {
    private Duration initialWait = Duration.ofMillis(100);
    private double multiplier = 2.0;
    private Duration maxWait = Duration.ofSeconds(2);
    private double jitter = 0.2;
    // 1,200 bytes fits every path MTU of 1,280 and more (IPv6 minimum) with room for headers.
    private int fragmentSize = 1200;
    private int window = 64;
    private int maxMessageSize = 4 * 1024 * 1024;
    private Duration replyRetention = Duration.ofSeconds(30);
    private int replyCacheEntries = 65_536;
    private long replyCacheBytes = 64L * 1024 * 1024;
    private long assemblyBytes = 64L * 1024 * 1024;
    private int replySpins = 0;
    private int amplificationFactor = 3;
    private int unvalidatedAddresses = 4096;
    private @Nullable Duration replayInterval;
    private int replyCacheEntriesPerAddress = 32_768;
    private @Nullable Long assemblyBytesPerAddress;

    private Builder() {}

    public Builder initialWait(Duration value) {
      initialWait = value;
      return this;
    }

    public Builder multiplier(double value) {
      multiplier = value;
      return this;
    }

    /** The client gives up when its next silent wait would pass this. */
    public Builder maxWait(Duration value) {
      maxWait = value;
      return this;
    }

    /** Each wait is multiplied by a random factor in {@code [1, 1 + jitter)}. */
    public Builder jitter(double value) {
      jitter = value;
      return this;
    }

    /** Payload bytes per datagram; a larger message is split into fragments of this size. */
    public Builder fragmentSize(int value) {
      fragmentSize = value;
      return this;
    }

    /** Fragments sent in one burst before waiting for an acknowledgement. */
    public Builder window(int value) {
      window = value;
      return this;
    }

    public Builder maxMessageSize(int value) {
      maxMessageSize = value;
      return this;
    }

    public Builder replyRetention(Duration value) {
      replyRetention = value;
      return this;
    }

    public Builder replyCacheEntries(int value) {
      replyCacheEntries = value;
      return this;
    }

    public Builder replyCacheBytes(long value) {
      replyCacheBytes = value;
      return this;
    }

    public Builder assemblyBytes(long value) {
      assemblyBytes = value;
      return this;
    }

    /**
     * How many times a caller checks for its reply ({@link Thread#onSpinWait()}, some tens of
     * microseconds in all) before parking its thread: a loopback or LAN reply often arrives that
     * soon, and catching it saves a thread wake-up per call. 0 (the default) parks at once: on a
     * small shared machine the spinning thread takes the core the reply needs (see
     * docs/bench/udp.md).
     */
    public Builder replySpins(int value) {
      replySpins = value;
      return this;
    }

    /**
     * Until an address echoes the server's cookie, the server sends it at most this many times the
     * bytes it received from it (QUIC's anti-amplification limit, RFC 9000 §8.1). Default 3.
     */
    public Builder amplificationFactor(int value) {
      amplificationFactor = value;
      return this;
    }

    /** How many unvalidated addresses the server keeps byte counts for. Default 4,096. */
    public Builder unvalidatedAddresses(int value) {
      unvalidatedAddresses = value;
      return this;
    }

    /**
     * The least time between two full bursts that forced acknowledgements or resent requests may
     * draw from one cached reply. Default 50 ms, or {@link #initialWait} if that is shorter.
     */
    public Builder replayInterval(Duration value) {
      replayInterval = value;
      return this;
    }

    /** Reply cache entries one client IP address may hold. Default 4,096. */
    public Builder replyCacheEntriesPerAddress(int value) {
      replyCacheEntriesPerAddress = value;
      return this;
    }

    /**
     * What the partly received messages of one client IP address may announce in all (bytes plus
     * per-fragment overhead). Default twice {@link #maxMessageSize}, at most {@link
     * #assemblyBytes}.
     */
    public Builder assemblyBytesPerAddress(long value) {
      assemblyBytesPerAddress = value;
      return this;
    }

    public ReliableUdpConfig build() {
      Duration interval = replayInterval;
      if (interval == null) {
        Duration fifty = Duration.ofMillis(50);
        interval = initialWait.compareTo(fifty) < 0 ? initialWait : fifty;
      }
      long perAddress =
          assemblyBytesPerAddress != null
              ? assemblyBytesPerAddress
              : Math.min(assemblyBytes, 2L * maxMessageSize);
      return new ReliableUdpConfig(
          initialWait,
          multiplier,
          maxWait,
          jitter,
          fragmentSize,
          window,
          maxMessageSize,
          replyRetention,
          replyCacheEntries,
          replyCacheBytes,
          assemblyBytes,
          replySpins,
          amplificationFactor,
          unvalidatedAddresses,
          interval,
          replyCacheEntriesPerAddress,
          perAddress);
    }
  }
}
