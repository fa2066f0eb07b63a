package io.capas.transport.udp;

import static java.lang.System.Logger.Level.DEBUG;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The server's memory of recent requests, keyed by (client address, request id): partly received
 * requests, requests running, and replies sent, so that a resent request gets the remembered reply
 * and never runs twice.
 *
 * <p>A reply is kept for {@code retention} after it was sent while there is room, and never
 * forgotten while its client may still ask for it (within the retry span of the last exchange about
 * it): a cache that is full of such replies refuses new requests (their clients resend) rather than
 * forget one (issue 12: a flood of new request ids used to evict finished entries, and a resent
 * request then ran a second time). Partly received requests, which promise nothing yet, and settled
 * replies (their clients have stopped asking) give way to new ones; an address at its quota makes
 * room among its own settled replies only. Bounds:
 *
 * <ul>
 *   <li>entries in all ({@link ReliableUdpConfig#replyCacheEntries()}) and per client IP address
 *       ({@link ReliableUdpConfig#replyCacheEntriesPerAddress()}), so that one sender cannot fill
 *       the cache for the others;
 *   <li>reply bytes ({@link ReliableUdpConfig#replyCacheBytes()}): new requests are refused while
 *       they are spent (replies of requests already running are still kept, so the bytes may pass
 *       the bound by what those handlers return);
 *   <li>reassembly: the heap partly received requests hold in all ({@link
 *       ReliableUdpConfig#assemblyBytes()}, the oldest partial request gives way), and the most
 *       their announced sizes may add up to per client IP address ({@link
 *       ReliableUdpConfig#assemblyBytesPerAddress()}).
 * </ul>
 *
 * <p>Not thread-safe; the server holds its lock.
 */
final class ReplyCache {
  private static final System.Logger LOGGER = System.getLogger(ReplyCache.class.getName());

  /** How many of the oldest entries a full cache looks at for one it may drop. */
  private static final int SCAN = 64;

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

    /** RECEIVING: heap held by {@link #incoming}; DONE: reply bytes. */
    long bytes;

    /** RECEIVING: the most {@link #incoming} may ever hold, counted against its address. */
    long ceiling;

    /** A datagram for this request carried the client's valid cookie. */
    boolean validated;

    /** When a forced replay (FORCE acknowledgement, resent request) may send a burst again. */
    long replayAllowedNanos = Long.MIN_VALUE;

    Entry(Key key, State state, long nowNanos) {
      this.key = key;
      this.state = state;
      this.touchedNanos = nowNanos;
    }
  }

  /** What one client IP address holds. */
  private static final class Usage {
    int entries;
    long ceilings;
  }

  private final ReliableUdpConfig config;
  private final long retentionNanos;
  private final long settleNanos;
  private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>();
  private final Map<InetAddress, Usage> usage = new HashMap<>();
  private long replyBytes;
  private long assemblyBytes;
  private int running;
  private long refused;
  private long lastSweepNanos;

  ReplyCache(ReliableUdpConfig config, long nowNanos) {
    this.config = config;
    this.retentionNanos = config.replyRetention().toNanos();
    this.settleNanos = Math.min(retentionNanos, config.retrySpan().toNanos());
    this.lastSweepNanos = nowNanos;
  }

  @Nullable Entry get(Key key) {
    return entries.get(key);
  }

  /**
   * Adds an entry for a new request if there is room; null (the request is refused, and its client
   * resends) if the cache, the reply budget or the client's quota is full. A partly received
   * request announces its {@code ceiling} (see {@link Incoming#ceiling}), 0 otherwise.
   */
  @Nullable Entry add(Key key, State state, long ceiling, long nowNanos) {
    sweep(nowNanos);
    InetAddress address = key.client().getAddress();
    Usage used = usage.get(address);
    if (used != null
        && used.entries >= config.replyCacheEntriesPerAddress()
        && !dropSettled(address, nowNanos)) {
      return refuse(key, "the quota of its address is full");
    }
    used = usage.get(address);
    if (used != null && used.ceilings + ceiling > config.assemblyBytesPerAddress()) {
      return refuse(key, "the quota of its address is full");
    }
    if (ceiling > config.assemblyBytesPerAddress()) {
      return refuse(key, "it announces more than its address may hold");
    }
    if (replyBytes >= config.replyCacheBytes() && !dropSettled(null, nowNanos)) {
      return refuse(key, "the reply budget is spent");
    }
    if (entries.size() >= config.replyCacheEntries() && !makeRoom(nowNanos)) {
      return refuse(key, "the cache is full");
    }
    Entry entry = new Entry(key, state, nowNanos);
    entry.ceiling = ceiling;
    if (state == State.RUNNING) {
      running++;
    }
    if (used == null) {
      used = new Usage();
      usage.put(address, used);
    }
    used.entries++;
    used.ceilings += ceiling;
    entries.put(key, entry);
    return entry;
  }

  /**
   * Adds the entry for the first fragment of a new request: running at once when the request is one
   * fragment, else receiving, with its reassembly started. Null when refused (see {@link #add}).
   */
  @Nullable Entry admit(Key key, Wire.Packet first, long nowNanos) {
    boolean single = first.count() == 1;
    Entry entry =
        add(
            key,
            single ? State.RUNNING : State.RECEIVING,
            single ? 0 : Incoming.ceiling(first),
            nowNanos);
    if (entry != null && !single) {
      entry.incoming = new Incoming(first);
    }
    return entry;
  }

  private @Nullable Entry refuse(Key key, String why) {
    refused++;
    LOGGER.log(DEBUG, () -> "refused request " + key + ": " + why + "; the client will resend");
    return null;
  }

  /**
   * Reserves {@code bytes} more reassembly heap for a partly received request, letting the oldest
   * other partial requests go if the total is spent; false if it still does not fit.
   */
  boolean grow(Entry entry, long bytes) {
    if (entry.bytes + bytes > entry.ceiling) {
      return false; // cannot happen for a fragment that fits its message; checked all the same
    }
    Iterator<Entry> it = entries.values().iterator();
    while (assemblyBytes + bytes > config.assemblyBytes() && it.hasNext()) {
      Entry other = it.next();
      if (other != entry && other.state == State.RECEIVING) {
        it.remove();
        release(other);
      }
    }
    if (assemblyBytes + bytes > config.assemblyBytes()) {
      return false;
    }
    entry.bytes += bytes;
    assemblyBytes += bytes;
    return true;
  }

  /**
   * Takes a fragment of a partly received request in, within the reassembly budget: false if it
   * does not fit its message, or there is no room for it now (its client will resend it).
   */
  boolean accept(Entry entry, Wire.Packet fragment) {
    Incoming incoming = Objects.requireNonNull(entry.incoming);
    long cost = incoming.cost(fragment);
    if (cost > 0 && !grow(entry, cost)) {
      return false;
    }
    return incoming.accept(fragment);
  }

  /** The whole request arrived: its assembly buffer is handed to the handler. */
  void started(Entry entry) {
    releaseAssembly(entry);
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
    // Kept in the order entries expire, so that the oldest are the first a full cache looks at.
    entries.remove(entry.key);
    entries.put(entry.key, entry);
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

  /** Requests refused for want of room. */
  long refused() {
    return refused;
  }

  /** Entries held for {@code client}'s IP address. */
  int entriesOf(InetAddress client) {
    Usage used = usage.get(client);
    return used == null ? 0 : used.entries;
  }

  /** Drops expired entries, at most a few times per retention period (it walks every entry). */
  void sweep(long nowNanos) {
    if (nowNanos - lastSweepNanos < retentionNanos / 8) {
      return;
    }
    lastSweepNanos = nowNanos;
    for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
      Entry entry = it.next();
      if (expired(entry, nowNanos)) {
        it.remove();
        release(entry);
      }
    }
  }

  private boolean expired(Entry entry, long nowNanos) {
    return entry.state != State.RUNNING && nowNanos - entry.touchedNanos > retentionNanos;
  }

  /**
   * Whether a reply is settled: its client has stopped asking for it. A client resends only within
   * its retry span of the last thing it heard from the server, and the entry is touched whenever
   * the server sends or hears about it; past that span no retransmission can come (a client that
   * gave up reports the server unreachable), so at-most-once does not need the reply any more.
   */
  private boolean settled(Entry entry, long nowNanos) {
    return entry.state == State.DONE && nowNanos - entry.touchedNanos > settleNanos;
  }

  /**
   * Drops one settled reply among the oldest few, of {@code address} only when given (an address at
   * its quota makes room among its own), else of any address; false if there is none.
   */
  private boolean dropSettled(@Nullable InetAddress address, long nowNanos) {
    Iterator<Entry> it = entries.values().iterator();
    for (int i = 0; i < SCAN && it.hasNext(); i++) {
      Entry entry = it.next();
      if (settled(entry, nowNanos)
          && (address == null || address.equals(entry.key.client().getAddress()))) {
        it.remove();
        release(entry);
        return true;
      }
    }
    return false;
  }

  /**
   * Frees one place for a new entry, looking only at the oldest few: an expired entry, else the
   * oldest partly received request, else a settled reply. Never a running request or a reply its
   * client may still ask for.
   */
  private boolean makeRoom(long nowNanos) {
    Entry partial = null;
    Iterator<Entry> it = entries.values().iterator();
    for (int i = 0; i < SCAN && it.hasNext(); i++) {
      Entry entry = it.next();
      if (expired(entry, nowNanos)) {
        it.remove();
        release(entry);
        return true;
      }
      if (partial == null && entry.state == State.RECEIVING) {
        partial = entry;
      }
    }
    if (partial != null) {
      remove(partial);
      return true;
    }
    return dropSettled(null, nowNanos);
  }

  private void releaseAssembly(Entry entry) {
    assemblyBytes -= entry.bytes;
    entry.bytes = 0;
    Usage used = usage.get(entry.key.client().getAddress());
    if (used != null) {
      used.ceilings -= entry.ceiling;
    }
    entry.ceiling = 0;
  }

  private void release(Entry entry) {
    switch (entry.state) {
      case RECEIVING -> releaseAssembly(entry);
      case DONE -> replyBytes -= entry.bytes;
      case RUNNING -> running--;
    }
    entry.bytes = 0;
    InetAddress address = entry.key.client().getAddress();
    Usage used = usage.get(address);
    if (used != null && --used.entries == 0) {
      usage.remove(address);
    }
  }
}
