package io.capas.transport.udp;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The receiving side of one message: the fragments received so far, each kept as it arrives, and
 * the whole message once they are all there. Memory follows what arrived, never what the first
 * fragment announced (issue 12: announcing 4 MiB in a 40-byte datagram must not make the receiver
 * allocate 4 MiB); {@link #reserved()} is the heap it holds, for the owner's accounting. A fragment
 * whose total or fragment size differ from the first one is dropped. Not thread-safe; the owner
 * synchronizes.
 */
final class Incoming {
  /** Heap one kept fragment costs beyond its payload: array header, map node, boxed index. */
  static final int FRAGMENT_OVERHEAD = 64;

  /** Heap an empty reassembly costs. */
  static final int BASE_OVERHEAD = 128;

  private final int total;
  private final int fragSize;
  private final int count;
  private final Map<Integer, byte[]> fragments = new HashMap<>();
  private byte @Nullable [] message;
  private long reserved = BASE_OVERHEAD;

  /** Takes the shape of {@code first} (already checked by {@link Wire#decode}); stores nothing. */
  Incoming(Wire.Packet first) {
    this.total = first.total();
    this.fragSize = first.fragSize();
    this.count = first.count();
  }

  /**
   * The most a message of this shape can ever reserve: its bytes plus the overhead of every
   * fragment. What the owner budgets for a partly received message before it grows.
   */
  static long ceiling(Wire.Packet first) {
    return BASE_OVERHEAD + first.total() + (long) first.count() * FRAGMENT_OVERHEAD;
  }

  int size() {
    return total;
  }

  /** Heap held now: the fragments kept so far, or the whole message once complete. */
  long reserved() {
    return reserved;
  }

  /** What accepting {@code fragment} would add to {@link #reserved()} (0 if it adds nothing). */
  long cost(Wire.Packet fragment) {
    if (message != null || fragments.containsKey(fragment.index())) {
      return 0;
    }
    return (long) fragment.payload().remaining() + FRAGMENT_OVERHEAD;
  }

  /** Keeps the fragment; false if it does not fit this message. */
  boolean accept(Wire.Packet fragment) {
    if (fragment.total() != total || fragment.fragSize() != fragSize) {
      return false;
    }
    if (cost(fragment) == 0) {
      return true; // a duplicate
    }
    fragments.put(fragment.index(), fragment.bytes());
    reserved += fragment.payload().remaining() + FRAGMENT_OVERHEAD;
    if (fragments.size() == count) {
      assemble();
    }
    return true;
  }

  private void assemble() {
    byte[] whole = new byte[total];
    for (int i = 0; i < count; i++) {
      byte[] part = Objects.requireNonNull(fragments.get(i));
      System.arraycopy(part, 0, whole, i * fragSize, part.length);
    }
    fragments.clear();
    message = whole;
    reserved = BASE_OVERHEAD + (long) total;
  }

  boolean complete() {
    return message != null;
  }

  /** The whole message; only once {@link #complete()}. */
  byte[] message() {
    if (message == null) {
      throw new IllegalStateException(fragments.size() + " of " + count + " fragments received");
    }
    return message;
  }

  byte[] ack(int type, int flags, int burst, long id) {
    BitSet received = new BitSet();
    if (message != null) {
      received.set(0, count);
    } else {
      for (int index : fragments.keySet()) {
        received.set(index);
      }
    }
    return Wire.ack(type, flags, burst, id, total, fragSize, received);
  }
}
