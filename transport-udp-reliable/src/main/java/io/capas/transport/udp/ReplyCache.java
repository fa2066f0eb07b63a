package io.capas.transport.udp;

import static java.lang.System.Logger.Level.DEBUG;

import java.net.InetSocketAddress;
import java.util.Iterator;
import java.util.LinkedHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The server's memory of recent requests, keyed by (client address, request id): partly received
 * requests, requests running, and replies sent, so that a resent request gets the remembered reply
 * and never runs twice. Bounded three ways: entries, reply bytes and partly-received bytes; when
 * full, the oldest entries that are not running go first. An entry lives {@code retention} after
 * its reply was sent (or after its last fragment, while incomplete). Not thread-safe; the server
 * holds its lock.
 */
final class ReplyCache {
  private static final System.Logger LOGGER = System.getLogger(ReplyCache.class.getName());

  record Key(InetSocketAddress client, long id) {}

  enum State {
    RECEIVING,
    RUNNING,
    DONE
  }

  /** One request. Fields change under the cache's lock. */
  static final class Entry {
    final Key key;
    State state;
    @Nullable Incoming incoming;
    @Nullable Outgoing reply;
    byte @Nullable [] failure;
    long touchedNanos;
    long bytes;

    Entry(Key key, State state, long nowNanos) {
      this.key = key;
      this.state = state;
      this.touchedNanos = nowNanos;
    }
  }

  private final ReliableUdpConfig config;
  private final long retentionNanos;
  private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>();
  private long replyBytes;
  private long assemblyBytes;
  private int running;
  private long evictedEarly;
  private long lastSweepNanos;

  ReplyCache(ReliableUdpConfig config, long nowNanos) {
    this.config = config;
    this.retentionNanos = config.replyRetention().toNanos();
    this.lastSweepNanos = nowNanos;
  }

  @Nullable Entry get(Key key) {
    return entries.get(key);
  }

  /**
   * Adds an entry for a new request if there is room (evicting the oldest finished entries if need
   * be); null if the cache is full of running requests or the assembly budget is spent.
   */
  @Nullable Entry add(Key key, State state, long assembly, long nowNanos) {
    sweep(nowNanos);
    if (assembly > 0) {
      evictWhile(
          () -> assemblyBytes + assembly > config.assemblyBytes(), State.RECEIVING, nowNanos);
      if (assemblyBytes + assembly > config.assemblyBytes()) {
        return null;
      }
    }
    evictWhile(() -> entries.size() >= config.replyCacheEntries(), null, nowNanos);
    if (entries.size() >= config.replyCacheEntries()) {
      return null;
    }
    Entry entry = new Entry(key, state, nowNanos);
    entry.bytes = assembly;
    assemblyBytes += assembly;
    if (state == State.RUNNING) {
      running++;
    }
    entries.put(key, entry);
    return entry;
  }

  /** The whole request arrived: its assembly buffer is handed to the handler. */
  void started(Entry entry) {
    assemblyBytes -= entry.bytes;
    entry.bytes = 0;
    entry.incoming = null;
    entry.state = State.RUNNING;
    running++;
  }

  /** The handler returned: remember its reply (or failure datagram) from now on. */
  void finished(Entry entry, long replySize, long nowNanos) {
    entry.state = State.DONE;
    entry.touchedNanos = nowNanos;
    entry.bytes = replySize;
    running--;
    replyBytes += replySize;
    evictWhile(() -> replyBytes > config.replyCacheBytes(), State.DONE, nowNanos);
  }

  void remove(Entry entry) {
    if (entries.remove(entry.key) != null) {
      release(entry);
    }
  }

  int size() {
    return entries.size();
  }

  int running() {
    return running;
  }

  long replyBytes() {
    return replyBytes;
  }

  long assemblyBytes() {
    return assemblyBytes;
  }

  /** Finished entries dropped for room before their retention passed. */
  long evictedEarly() {
    return evictedEarly;
  }

  /** Drops expired entries, at most a few times per retention period (it walks every entry). */
  void sweep(long nowNanos) {
    if (nowNanos - lastSweepNanos < retentionNanos / 8) {
      return;
    }
    lastSweepNanos = nowNanos;
    for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
      Entry entry = it.next();
      if (entry.state != State.RUNNING && nowNanos - entry.touchedNanos > retentionNanos) {
        it.remove();
        release(entry);
      }
    }
  }

  private void evictWhile(
      java.util.function.BooleanSupplier full, @Nullable State only, long nowNanos) {
    Iterator<Entry> it = entries.values().iterator();
    while (full.getAsBoolean() && it.hasNext()) {
      Entry entry = it.next();
      if (entry.state == State.RUNNING || (only != null && entry.state != only)) {
        continue;
      }
      it.remove();
      release(entry);
      if (entry.state == State.DONE && nowNanos - entry.touchedNanos <= retentionNanos) {
        evictedEarly++;
        LOGGER.log(DEBUG, () -> "reply cache full: dropped " + entry.key + " before it expired");
      }
    }
  }

  private void release(Entry entry) {
    switch (entry.state) {
      case RECEIVING -> assemblyBytes -= entry.bytes;
      case DONE -> replyBytes -= entry.bytes;
      case RUNNING -> running--;
    }
    entry.bytes = 0;
  }
}
