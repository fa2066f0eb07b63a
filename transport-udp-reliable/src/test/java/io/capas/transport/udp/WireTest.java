package io.capas.transport.udp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class WireTest {
  private static final byte[] MESSAGE = new byte[250];

  static {
    for (int i = 0; i < MESSAGE.length; i++) {
      MESSAGE[i] = (byte) i;
    }
  }

  @Test
  void fragmentsReassembleInAnyOrderAndDuplicatesAreHarmless() {
    int fragSize = 100;
    Incoming incoming = null;
    for (int index : new int[] {2, 0, 2, 1}) {
      Wire.Packet packet =
          Wire.decode(Wire.fragment(Wire.REQUEST, 0, 0, 7, MESSAGE, fragSize, index), 1000)
              .orElseThrow();
      assertEquals(3, packet.count());
      if (incoming == null) {
        incoming = new Incoming(packet);
      }
      assertTrue(incoming.accept(packet));
    }
    assertTrue(incoming.complete());
    assertArrayEquals(MESSAGE, incoming.message());
  }

  @Test
  void acknowledgementCarriesTheBitmapOfReceivedFragments() {
    BitSet received = new BitSet();
    received.set(0);
    received.set(2);
    Wire.Packet ack =
        Wire.decode(Wire.ack(Wire.REPLY_ACK, Wire.FORCE, 9, 7, 250, 100, received), 1000)
            .orElseThrow();
    assertEquals(received, ack.bitmap());
    assertTrue(ack.has(Wire.FORCE));
    assertEquals(9, ack.burst());

    Outgoing outgoing = new Outgoing(Wire.REPLY, 7, MESSAGE, 100, 8);
    outgoing.nextBurst();
    assertTrue(outgoing.onAck(ack));
    List<byte[]> resend = outgoing.nextBurst();
    assertEquals(1, resend.size(), "only the missing fragment is resent");
    assertEquals(1, ByteBuffer.wrap(resend.get(0)).getInt(20));
  }

  @Test
  void staleAcknowledgementIsRecordedButDoesNotTriggerABurst() {
    Outgoing outgoing = new Outgoing(Wire.REPLY, 7, MESSAGE, 100, 8);
    outgoing.nextBurst(); // burst 1
    outgoing.nextBurst(); // burst 2
    BitSet first = new BitSet();
    first.set(0);
    Wire.Packet stale =
        Wire.decode(Wire.ack(Wire.REPLY_ACK, 0, 1, 7, 250, 100, first), 1000).orElseThrow();
    assertFalse(outgoing.onAck(stale));
    assertEquals(2, outgoing.nextBurst().size(), "fragment 0 is known to have arrived");
  }

  static List<byte[]> malformed() {
    byte[] good = Wire.fragment(Wire.REQUEST, 0, 0, 7, MESSAGE, 100, 2);
    return List.of(
        new byte[0],
        new byte[Wire.HEADER - 1],
        edit(good, b -> b.putShort(0, (short) 0x1234)), // magic
        edit(good, b -> b.put(2, (byte) 1)), // version 1, which had no cookie
        edit(good, b -> b.put(3, (byte) 99)), // type
        edit(good, b -> b.putShort(6, (short) 8)), // fragment size below the minimum
        edit(good, b -> b.putInt(16, -1)), // negative total
        edit(good, b -> b.putInt(16, 5000)), // total above the limit of 1000
        edit(good, b -> b.putInt(20, 3)), // index past the last fragment
        edit(good, b -> b.putInt(20, -1)), // negative index
        edit(good, b -> b.putInt(20, 1)), // a middle fragment must be full (this one has 50 bytes)
        Arrays.copyOf(good, good.length - 1), // short payload
        Arrays.copyOf(good, good.length + 1), // long payload
        edit(Wire.ack(Wire.REQUEST_ACK, 0, 0, 7, 250, 100, new BitSet()), b -> b.putInt(16, 2000)),
        Arrays.copyOf(
            Wire.ack(Wire.REQUEST_ACK, 0, 0, 7, 250, 100, all(3)),
            Wire.HEADER + 2), // bitmap too long
        Wire.text(Wire.FAILURE, 7, 0, "x".repeat(600)).length > 0 ? oversizedText() : new byte[0]);
  }

  @ParameterizedTest
  @MethodSource("malformed")
  void malformedDatagramsAreDropped(byte[] datagram) {
    assertTrue(Wire.decode(datagram, 1000).isEmpty());
  }

  @Test
  void fragmentOfAnotherShapeDoesNotFitTheMessage() {
    Incoming incoming =
        new Incoming(
            Wire.decode(Wire.fragment(Wire.REQUEST, 0, 0, 7, MESSAGE, 100, 0), 1000).orElseThrow());
    assertFalse(
        incoming.accept(
            Wire.decode(Wire.fragment(Wire.REQUEST, 0, 0, 7, new byte[300], 100, 1), 1000)
                .orElseThrow()));
    assertFalse(
        incoming.accept(
            Wire.decode(Wire.fragment(Wire.REQUEST, 0, 0, 7, MESSAGE, 50, 1), 1000).orElseThrow()));
    assertFalse(incoming.complete());
  }

  private static BitSet all(int count) {
    BitSet bits = new BitSet();
    bits.set(0, count);
    return bits;
  }

  private static byte[] oversizedText() {
    ByteBuffer out = ByteBuffer.allocate(Wire.HEADER + 600);
    out.put(Wire.text(Wire.FAILURE, 7, 0, ""));
    return out.array();
  }

  private static byte[] edit(byte[] datagram, Consumer<ByteBuffer> change) {
    byte[] copy = datagram.clone();
    change.accept(ByteBuffer.wrap(copy));
    return copy;
  }
}
