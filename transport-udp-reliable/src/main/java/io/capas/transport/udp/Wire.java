package io.capas.transport.udp;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.ByteBuffer;
import java.util.BitSet;
import java.util.Optional;

/**
 * The datagram format: a fixed 32-byte header, then the payload. All integers big-endian.
 *
 * <pre>
 *  0      2     3     4     5     6            8
 *  +------+-----+-----+-----+-----+------------+
 *  |magic |ver  |type |flags|burst| frag size  |    magic 0xCA75, version 2
 *  +------+-----+-----+-----+-----+------------+
 *  |             request id (64 bits)          |    unique per client, echoed in every answer
 *  +-------------------------------------------+
 *  | total length (32)   | fragment index (32) |    of the whole message
 *  +-------------------------------------------+
 *  |               cookie (64 bits)            |    version 2: address validation
 *  +-------------------------------------------+
 *  | payload: a fragment, an acknowledgement bitmap, or text                    |
 * </pre>
 *
 * <p>A message of {@code total} bytes travels as {@code max(1, ceil(total / fragSize))} fragments;
 * fragment {@code i} carries bytes {@code [i * fragSize, min(total, (i + 1) * fragSize))}. An
 * acknowledgement carries the same total and fragment size and a bitmap of the fragments received
 * (bit {@code i} is bit {@code i % 8} of byte {@code i / 8}). Flag {@link #ACK_ME} asks the
 * receiver for an acknowledgement; {@link #FORCE} marks an acknowledgement sent on a timeout, which
 * the sender must answer whatever burst it names. Datagrams that break any of these rules are
 * dropped.
 *
 * <p>The cookie (new in version 2, which version-1 peers do not speak) proves that a client
 * receives what the server sends to its address, as QUIC's address validation does (RFC 9000 §8.1)
 * and DNS cookies do (RFC 7873): every server datagram carries a keyed hash of the recipient's
 * address and port, the client echoes the latest cookie it got in everything it sends, and a
 * spoofer that never sees the server's datagrams cannot echo it. Until an address has echoed its
 * cookie the server sends it at most a few times the bytes it received from it; when a reply does
 * not fit, it sends a header-only {@link #CHALLENGE} instead, which the client answers at once by
 * resending with the cookie.
 */
final class Wire {
  static final int HEADER = 32;
  static final int MIN_FRAGMENT = 16;
  static final int MAX_MESSAGE = 1 << 30;
  static final short MAGIC = (short) 0xCA75;
  static final byte VERSION = 2;

  /** Where the cookie sits in the header. */
  static final int COOKIE_OFFSET = 24;

  static final int REQUEST = 1;
  static final int REPLY = 2;

  /** Server to client: which request fragments arrived (all of them: the request is running). */
  static final int REQUEST_ACK = 3;

  /** Client to server: which reply fragments arrived. */
  static final int REPLY_ACK = 4;

  /** Server to client: the request failed; payload is a short UTF-8 reason. */
  static final int FAILURE = 5;

  static final int DISCOVER = 6;
  static final int ANNOUNCE = 7;

  /**
   * Server to client, header only: an answer for this request waits until the client's address is
   * validated; resend now, echoing this datagram's cookie.
   */
  static final int CHALLENGE = 8;

  static final int ACK_ME = 1;
  static final int FORCE = 2;

  private static final int MAX_TEXT = 512;

  private Wire() {}

  /** A decoded datagram; {@code payload} is a view of the received array. */
  record Packet(
      int type,
      int flags,
      int burst,
      int fragSize,
      long id,
      int total,
      int index,
      long cookie,
      ByteBuffer payload) {

    boolean has(int flag) {
      return (flags & flag) != 0;
    }

    int count() {
      return Wire.count(total, fragSize);
    }

    byte[] bytes() {
      ByteBuffer copy = payload.duplicate();
      byte[] bytes = new byte[copy.remaining()];
      copy.get(bytes);
      return bytes;
    }

    String text() {
      return new String(bytes(), UTF_8);
    }

    BitSet bitmap() {
      return BitSet.valueOf(payload.duplicate());
    }
  }

  static int count(int total, int fragSize) {
    return total == 0 ? 1 : (int) ((total + (long) fragSize - 1) / fragSize);
  }

  static int fragmentLength(int total, int fragSize, int index) {
    return Math.min(fragSize, total - index * fragSize);
  }

  /**
   * Decodes and checks a datagram; empty if it breaks the format or announces a message larger than
   * {@code maxMessage} (checked before anything is allocated for it).
   */
  static Optional<Packet> decode(byte[] data, int maxMessage) {
    if (data.length < HEADER) {
      return Optional.empty();
    }
    ByteBuffer in = ByteBuffer.wrap(data);
    if (in.getShort(0) != MAGIC || in.get(2) != VERSION) {
      return Optional.empty();
    }
    int type = in.get(3);
    int flags = in.get(4) & 0xFF;
    int burst = in.get(5) & 0xFF;
    int fragSize = in.getShort(6) & 0xFFFF;
    long id = in.getLong(8);
    int total = in.getInt(16);
    int index = in.getInt(20);
    long cookie = in.getLong(COOKIE_OFFSET);
    ByteBuffer payload = ByteBuffer.wrap(data, HEADER, data.length - HEADER).slice();
    int length = payload.remaining();
    switch (type) {
      case REQUEST, REPLY -> {
        if (fragSize < MIN_FRAGMENT || total < 0 || total > maxMessage) {
          return Optional.empty();
        }
        int count = count(total, fragSize);
        if (index < 0 || index >= count || length != fragmentLength(total, fragSize, index)) {
          return Optional.empty();
        }
      }
      case REQUEST_ACK, REPLY_ACK -> {
        if (fragSize < MIN_FRAGMENT || total < 0 || total > maxMessage) {
          return Optional.empty();
        }
        if (length > (count(total, fragSize) + 7) / 8) {
          return Optional.empty();
        }
      }
      case FAILURE, DISCOVER, ANNOUNCE -> {
        if (length > MAX_TEXT) {
          return Optional.empty();
        }
      }
      case CHALLENGE -> {
        if (length != 0) {
          return Optional.empty();
        }
      }
      default -> {
        return Optional.empty();
      }
    }
    return Optional.of(new Packet(type, flags, burst, fragSize, id, total, index, cookie, payload));
  }

  /** Writes the header at the start of {@code datagram}; the buffer is positioned after it. */
  private static ByteBuffer header(
      byte[] datagram,
      int type,
      int flags,
      int burst,
      int fragSize,
      long id,
      int total,
      int index) {
    ByteBuffer out = ByteBuffer.wrap(datagram);
    out.putShort(MAGIC)
        .put(VERSION)
        .put((byte) type)
        .put((byte) flags)
        .put((byte) burst)
        .putShort((short) fragSize)
        .putLong(id)
        .putInt(total)
        .putInt(index)
        .putLong(0); // the cookie: stamped by whoever sends it
    return out;
  }

  /** Fragment {@code index} of {@code message}. */
  static byte[] fragment(
      int type, int flags, int burst, long id, byte[] message, int fragSize, int index) {
    int from = index * fragSize;
    int length = fragmentLength(message.length, fragSize, index);
    byte[] datagram = new byte[HEADER + length];
    header(datagram, type, flags, burst, fragSize, id, message.length, index)
        .put(message, from, length);
    return datagram;
  }

  /** An acknowledgement of the fragments set in {@code received}. */
  static byte[] ack(
      int type, int flags, int burst, long id, int total, int fragSize, BitSet received) {
    byte[] bitmap = received.toByteArray();
    byte[] datagram = new byte[HEADER + bitmap.length];
    header(datagram, type, flags, burst, fragSize, id, total, 0).put(bitmap);
    return datagram;
  }

  /** A header-only {@link #CHALLENGE} for request {@code id}. */
  static byte[] challenge(long id) {
    byte[] datagram = new byte[HEADER];
    header(datagram, CHALLENGE, 0, 0, 0, id, 0, 0);
    return datagram;
  }

  /** Writes {@code cookie} into an encoded datagram's header, just before it is sent. */
  static void stamp(byte[] datagram, long cookie) {
    ByteBuffer.wrap(datagram).putLong(COOKIE_OFFSET, cookie);
  }

  /** A datagram whose payload is short text (a failure reason, a discovery query or answer). */
  static byte[] text(int type, long id, int index, String text) {
    byte[] bytes = text.getBytes(UTF_8);
    int length = Math.min(bytes.length, MAX_TEXT);
    byte[] datagram = new byte[HEADER + length];
    header(datagram, type, 0, 0, 0, id, 0, index).put(bytes, 0, length);
    return datagram;
  }
}
