package io.capas.transport.udp;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The sending side of one message: which fragments the peer has acknowledged, and the next burst of
 * fragments to send. Only fragments not yet acknowledged are ever resent. Not thread-safe; the
 * owner synchronizes.
 */
final class Outgoing {
  private final int type;
  private final long id;
  private final byte[] message;
  private final int fragSize;
  private final int count;
  private final int window;
  private final BitSet acked = new BitSet();
  private int burst;

  Outgoing(int type, long id, byte[] message, int fragSize, int window) {
    this.type = type;
    this.id = id;
    this.message = message;
    this.fragSize = fragSize;
    this.count = Wire.count(message.length, fragSize);
    this.window = window;
  }

  int size() {
    return message.length;
  }

  boolean single() {
    return count == 1;
  }

  boolean complete() {
    return acked.cardinality() == count;
  }

  void ackAll() {
    acked.set(0, count);
  }

  /**
   * The next burst: up to {@code window} unacknowledged fragments, lowest first. The last two ask
   * for an acknowledgement (two, so that one lost datagram does not stall the transfer).
   */
  List<byte[]> nextBurst() {
    if (count == 1) {
      return List.of(Wire.fragment(type, 0, 0, id, message, fragSize, 0));
    }
    burst = (burst + 1) & 0xFF;
    List<Integer> indices = new ArrayList<>();
    for (int i = acked.nextClearBit(0);
        i < count && indices.size() < window;
        i = acked.nextClearBit(i + 1)) {
      indices.add(i);
    }
    List<byte[]> out = new ArrayList<>(indices.size());
    for (int k = 0; k < indices.size(); k++) {
      int flags = k >= indices.size() - 2 ? Wire.ACK_ME : 0;
      out.add(Wire.fragment(type, flags, burst, id, message, fragSize, indices.get(k)));
    }
    return out;
  }

  /** One fragment asking for an acknowledgement, to learn how far the peer got. */
  byte[] probe() {
    int index = count == 1 ? 0 : Math.max(0, acked.previousClearBit(count - 1));
    int flags = count == 1 ? 0 : Wire.ACK_ME;
    return Wire.fragment(type, flags, burst, id, message, fragSize, index);
  }

  /** Whether {@code ack} answers the latest burst (rather than being forced by a timeout). */
  boolean current(Wire.Packet ack) {
    return ack.burst() == burst;
  }

  /**
   * Takes an acknowledgement in and says whether to send the next burst: only for the
   * acknowledgement of the current burst, a forced one, or one that completes the message. The
   * fragments it reports are recorded in every case, since they did arrive.
   */
  boolean onAck(Wire.Packet ack) {
    if (ack.total() != message.length || ack.fragSize() != fragSize) {
      return false;
    }
    BitSet bits = ack.bitmap();
    if (bits.length() > count) {
      bits.clear(count, bits.length());
    }
    acked.or(bits);
    return count == 1 || ack.has(Wire.FORCE) || ack.burst() == burst || complete();
  }
}
