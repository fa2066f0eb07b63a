package io.capas.transport.udp;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Arbitrary datagrams into the wire decoder and the reassembly, the server's (through its reply
 * cache and budgets) and the client's. The first byte picks the target; the rest is the datagram
 * (target 0) or a sequence of {@code [sender][length: 2 bytes][datagram]} (targets 1 and 2).
 * Invariants: nothing throws (the decoder drops what it cannot read; it has no exception to throw),
 * what is decoded keeps the limits, and reserved reassembly memory stays within its configured
 * bounds and matches the accounting.
 */
class ReliableUdpCoverageFuzzTest {
  private static final int MAX_MESSAGE = 4096;
  private static final int MAX_DATAGRAMS = 256;
  private static final ReliableUdpConfig CONFIG =
      ReliableUdpConfig.builder()
          .maxMessageSize(MAX_MESSAGE)
          .replyCacheEntries(64)
          .replyCacheEntriesPerAddress(16)
          .assemblyBytes(16_384)
          .assemblyBytesPerAddress(10_240)
          .replyRetention(Duration.ofSeconds(30))
          .build();
  private static final InetSocketAddress[] SENDERS = {
    new InetSocketAddress(InetAddress.getLoopbackAddress(), 5000),
    new InetSocketAddress(InetAddress.getLoopbackAddress(), 5001),
    new InetSocketAddress("127.0.0.2", 5000)
  };

  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  @FuzzTest(maxDuration = "6s")
  void decodesAndReassemblesWithinTheLimits(byte[] input) {
    if (input.length == 0) {
      return;
    }
    byte[] rest = Arrays.copyOfRange(input, 1, input.length);
    switch ((input[0] & 0xFF) % 3) {
      case 0 -> decode(rest);
      case 1 -> serverReassembly(rest);
      default -> clientReassembly(rest);
    }
  }

  private static Optional<Wire.Packet> decode(byte[] datagram) {
    Optional<Wire.Packet> decoded = Wire.decode(datagram, MAX_MESSAGE);
    if (decoded.isEmpty()) {
      return decoded;
    }
    Wire.Packet packet = decoded.get();
    int payload = packet.payload().remaining();
    check(payload == datagram.length - Wire.HEADER, "payload is the rest of the datagram");
    switch (packet.type()) {
      case Wire.REQUEST, Wire.REPLY -> {
        check(packet.total() >= 0 && packet.total() <= MAX_MESSAGE, "total within the limit");
        check(packet.index() >= 0 && packet.index() < packet.count(), "index within the count");
        check(
            payload == Wire.fragmentLength(packet.total(), packet.fragSize(), packet.index()),
            "fragment length");
      }
      case Wire.REQUEST_ACK, Wire.REPLY_ACK -> {
        check(packet.total() >= 0 && packet.total() <= MAX_MESSAGE, "total within the limit");
        check(packet.bitmap().length() <= packet.count() + 7, "bitmap within the count");
      }
      case Wire.CHALLENGE -> check(payload == 0, "a challenge is a header");
      default -> check(payload <= 512 && packet.text().length() <= 512, "short text");
    }
    return decoded;
  }

  /** What the server does with request fragments: its reply cache, budgets and reassembly. */
  private static void serverReassembly(byte[] input) {
    ReplyCache cache = new ReplyCache(CONFIG, 0);
    long now = 0;
    int datagrams = 0;
    for (int at = 0; at + 3 <= input.length && datagrams++ < MAX_DATAGRAMS; ) {
      InetSocketAddress from = SENDERS[(input[at] & 0xFF) % SENDERS.length];
      int length = ((input[at + 1] & 0xFF) << 8) | (input[at + 2] & 0xFF);
      int end = Math.min(input.length, at + 3 + length);
      byte[] datagram = Arrays.copyOfRange(input, at + 3, end);
      at = end;
      now += 1_000_000;
      Optional<Wire.Packet> decoded = decode(datagram);
      if (decoded.isEmpty() || decoded.get().type() != Wire.REQUEST) {
        continue;
      }
      Wire.Packet fragment = decoded.get();
      ReplyCache.Key key = new ReplyCache.Key(from, fragment.id());
      ReplyCache.Entry entry = cache.get(key);
      if (entry == null) {
        entry = cache.admit(key, fragment, now);
        if (entry == null) {
          continue;
        }
        if (entry.state == ReplyCache.State.RUNNING) {
          cache.finished(entry, fragment.total(), now);
          continue;
        }
      }
      if (entry.state == ReplyCache.State.RECEIVING && cache.accept(entry, fragment)) {
        Incoming incoming = Objects.requireNonNull(entry.incoming);
        check(incoming.reserved() - Incoming.BASE_OVERHEAD <= entry.bytes, "accounted");
        check(entry.bytes <= Incoming.ceiling(fragment), "within what its message announced");
        if (incoming.complete()) {
          check(incoming.message().length == fragment.total(), "whole message");
          cache.started(entry);
          cache.finished(entry, incoming.message().length, now);
        }
      }
      check(cache.assemblyBytes() >= 0, "assembly accounting never negative");
      check(cache.assemblyBytes() <= CONFIG.assemblyBytes(), "assembly within its budget");
      for (InetSocketAddress sender : SENDERS) {
        check(
            cache.entriesOf(sender.getAddress()) <= CONFIG.replyCacheEntriesPerAddress(),
            "entries within the address's quota");
      }
      check(cache.size() <= CONFIG.replyCacheEntries(), "entries within the cache's bound");
    }
  }

  /** What a client does with reply fragments: one message, memory following what arrived. */
  private static void clientReassembly(byte[] input) {
    Incoming incoming = null;
    long ceiling = 0;
    int datagrams = 0;
    for (int at = 0; at + 3 <= input.length && datagrams++ < MAX_DATAGRAMS; ) {
      int length = ((input[at + 1] & 0xFF) << 8) | (input[at + 2] & 0xFF);
      int end = Math.min(input.length, at + 3 + length);
      byte[] datagram = Arrays.copyOfRange(input, at + 3, end);
      at = end;
      Optional<Wire.Packet> decoded = decode(datagram);
      if (decoded.isEmpty() || decoded.get().type() != Wire.REPLY) {
        continue;
      }
      if (incoming == null) {
        incoming = new Incoming(decoded.get());
        ceiling = Incoming.ceiling(decoded.get());
      }
      incoming.accept(decoded.get());
      check(incoming.reserved() <= ceiling, "reserved within what the message announced");
      if (incoming.complete()) {
        check(incoming.message().length == incoming.size(), "whole message");
        check(
            Wire.decode(incoming.ack(Wire.REPLY_ACK, 0, 0, 1), MAX_MESSAGE).isPresent(),
            "its acknowledgement decodes");
      }
    }
  }

  private static void check(boolean condition, String invariant) {
    if (!condition) {
      throw new AssertionError("broken: " + invariant);
    }
  }
}
