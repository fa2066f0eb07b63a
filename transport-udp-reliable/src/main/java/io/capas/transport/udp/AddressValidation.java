package io.capas.transport.udp;

import com.google.common.hash.HashFunction;
import com.google.common.hash.Hashing;
import java.net.InetSocketAddress;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/**
 * The server's anti-amplification rule (QUIC, RFC 9000 §8.1): until an address has shown that it
 * receives what the server sends there, the server sends it at most {@link
 * ReliableUdpConfig#amplificationFactor()} times the bytes it received from it. UDP sources can be
 * spoofed; without this rule a 32-byte datagram naming someone else's address could make the server
 * send that address a window of reply fragments (issue 12 measured 3,264x).
 *
 * <p>An address shows it receives by echoing its <em>cookie</em>: a keyed hash (SipHash-2-4 under a
 * random key drawn when the server starts) of its IP address and port, which the server puts in
 * every datagram it sends there and nobody off the path can compute (DNS cookies, RFC 7873, work
 * the same way). Validation is stateless: a datagram with the right cookie is trusted at the cost
 * of one hash, so the hot path (a client that has heard from the server once) touches no table.
 * Unvalidated addresses get a byte count each, in a table bounded by {@link
 * ReliableUdpConfig#unvalidatedAddresses()}: the least recently seen go first, and one that comes
 * back starts again from zero, so the ratio holds over each count's life. Counts idle for {@link
 * ReliableUdpConfig#replyRetention()} go too. Safe for concurrent use.
 */
final class AddressValidation {
  private record Cached(InetSocketAddress address, long cookie) {}

  /** Bytes received from and sent to one unvalidated address. */
  private static final class Budget {
    long received;
    long sent;
    long seenNanos;
  }

  private final HashFunction sipHash;
  private final int factor;
  private final int capacity;
  private final long idleNanos;
  private final LinkedHashMap<InetSocketAddress, Budget> budgets =
      new LinkedHashMap<>(16, 0.75f, true);
  private volatile @Nullable Cached last;

  AddressValidation(ReliableUdpConfig config, Random random) {
    this.sipHash = Hashing.sipHash24(random.nextLong(), random.nextLong());
    this.factor = config.amplificationFactor();
    this.capacity = config.unvalidatedAddresses();
    this.idleNanos = config.replyRetention().toNanos();
  }

  /** The cookie of {@code address}: never 0, which stands for "none yet" on the wire. */
  long cookie(InetSocketAddress address) {
    Cached cached = last;
    if (cached != null && cached.address().equals(address)) {
      return cached.cookie();
    }
    long cookie =
        sipHash
            .newHasher()
            .putBytes(address.getAddress().getAddress())
            .putInt(address.getPort())
            .hash()
            .asLong();
    cookie = cookie == 0 ? 1 : cookie;
    last = new Cached(address, cookie);
    return cookie;
  }

  /** Whether a datagram from {@code from} carrying {@code cookie} proves the address receives. */
  boolean validates(InetSocketAddress from, long cookie) {
    return cookie != 0 && cookie == cookie(from);
  }

  /** Counts {@code bytes} received from an address that has not (yet) echoed its cookie. */
  synchronized void received(InetSocketAddress from, int bytes, long nowNanos) {
    Budget budget = budgets.get(from);
    if (budget == null) {
      budget = new Budget();
      budget.seenNanos = nowNanos;
      budgets.put(from, budget);
      trim(nowNanos);
    }
    budget.received += bytes;
    budget.seenNanos = nowNanos;
  }

  /**
   * Takes {@code bytes} from an unvalidated address's credit if they fit in it: true if they may be
   * sent there.
   */
  synchronized boolean trySend(InetSocketAddress to, long bytes, long nowNanos) {
    Budget budget = budgets.get(to);
    if (budget == null || budget.sent + bytes > factor * budget.received) {
      return false;
    }
    budget.sent += bytes;
    budget.seenNanos = nowNanos;
    return true;
  }

  /** Addresses with a byte count now. */
  synchronized int tracked() {
    return budgets.size();
  }

  private void trim(long nowNanos) {
    Iterator<Map.Entry<InetSocketAddress, Budget>> it = budgets.entrySet().iterator();
    while (it.hasNext()) {
      Budget eldest = it.next().getValue();
      if (budgets.size() <= capacity && nowNanos - eldest.seenNanos <= idleNanos) {
        return;
      }
      it.remove();
    }
  }
}
