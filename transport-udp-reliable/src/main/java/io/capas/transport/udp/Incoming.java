package io.capas.transport.udp;

import java.nio.ByteBuffer;
import java.util.BitSet;

/**
 * The receiving side of one message: a buffer of the announced size and the fragments received. A
 * fragment whose total or fragment size differ from the first one is dropped. Not thread-safe; the
 * owner synchronizes.
 */
final class Incoming {
  private final byte[] message;
  private final int fragSize;
  private final int count;
  private final BitSet received = new BitSet();

  /**
   * Allocates for {@code first}, which {@link Wire#decode} has already checked against the limit.
   */
  Incoming(Wire.Packet first) {
    this.message = new byte[first.total()];
    this.fragSize = first.fragSize();
    this.count = first.count();
  }

  int size() {
    return message.length;
  }

  /** Copies the fragment in; false if it does not fit this message. */
  boolean accept(Wire.Packet fragment) {
    if (fragment.total() != message.length || fragment.fragSize() != fragSize) {
      return false;
    }
    int index = fragment.index();
    if (!received.get(index)) {
      ByteBuffer payload = fragment.payload().duplicate();
      payload.get(message, index * fragSize, payload.remaining());
      received.set(index);
    }
    return true;
  }

  boolean complete() {
    return received.cardinality() == count;
  }

  byte[] message() {
    return message;
  }

  byte[] ack(int type, int flags, int burst, long id) {
    return Wire.ack(type, flags, burst, id, message.length, fragSize, received);
  }
}
