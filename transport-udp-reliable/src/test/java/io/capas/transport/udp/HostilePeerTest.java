package io.capas.transport.udp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.testing.transport.LossyNetwork;
import io.capas.transport.Datagram;
import io.capas.transport.DatagramEndpoint;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a hostile or spoofing peer can make the server do (issue 12, items 3 to 5): reflect at most
 * 3x what it sent to an address that never proved it receives, never run a call twice however many
 * requests crowd the cache, and hold reassembly memory in proportion to what arrived.
 */
class HostilePeerTest {
  /** An address a spoofer sends "from": the server's answers land there, not at the spoofer. */
  private static final InetSocketAddress VICTIM = new InetSocketAddress("127.0.0.3", 7000);

  private static final ReliableUdpConfig CONFIG = ReliableUdpConfig.builder().jitter(0).build();

  private static long bytes(LossyNetwork network, InetSocketAddress from, InetSocketAddress to) {
    return network.log().stream()
        .filter(sent -> sent.from().equals(from) && sent.to().equals(to))
        .mapToLong(sent -> sent.data().length)
        .sum();
  }

  /** Sends {@code datagrams} from {@code from}, then lets the server take them all in. */
  private static void sendFrom(Harness harness, InetSocketAddress from, Iterable<byte[]> datagrams)
      throws Exception {
    try (DatagramEndpoint spoofer = harness.network.bind(from)) {
      for (byte[] datagram : datagrams) {
        spoofer.send(datagram, Harness.SERVER);
      }
    }
    assertTrue(harness.network.awaitIdle(Duration.ofSeconds(20)), "server never caught up");
  }

  private static void assertAtMostThreeTimes(Harness harness, InetSocketAddress address) {
    long received = bytes(harness.network, address, Harness.SERVER);
    long sent = bytes(harness.network, Harness.SERVER, address);
    assertTrue(
        sent <= 3 * received,
        "sent " + sent + " bytes to an unvalidated address that sent " + received);
  }

  @Test
  void forcedReplyAcknowledgementsFromAnUnvalidatedAddressDrawAtMostThreeTimesTheirBytes()
      throws Exception {
    int replySize = 77_000;
    try (Harness harness = new Harness(31, CONFIG)) {
      harness.serve((request, from) -> new byte[replySize]);
      List<byte[]> flood = new ArrayList<>();
      flood.add(Wire.fragment(Wire.REQUEST, 0, 0, 5, "m".getBytes(UTF_8), 1200, 0));
      for (int i = 0; i < 200; i++) {
        flood.add(Wire.ack(Wire.REPLY_ACK, Wire.FORCE, 0, 5, replySize, 1200, new BitSet()));
      }
      sendFrom(harness, VICTIM, flood);
      assertAtMostThreeTimes(harness, VICTIM);
    }
  }

  @Test
  void singleDatagramRequestFromAnUnvalidatedAddressDrawsAtMostThreeTimesInItsFirstBurst()
      throws Exception {
    byte[] multicall = "<value/>".repeat(120).getBytes(UTF_8);
    try (Harness harness = new Harness(32, CONFIG)) {
      harness.serve((request, from) -> new byte[22 * request.length]);
      sendFrom(harness, VICTIM, List.of(Wire.fragment(Wire.REQUEST, 0, 0, 6, multicall, 1200, 0)));
      assertAtMostThreeTimes(harness, VICTIM);
    }
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.0, 0.3})
  void largeReplyToASmallRequestStillCompletesForARealClient(double loss) throws Exception {
    ReliableUdpConfig config = AtMostOnceTest.PATIENT.toBuilder().fragmentSize(512).build();
    byte[] large = new byte[300_000];
    new Random(3).nextBytes(large);
    AtomicInteger executions = new AtomicInteger();
    try (Harness harness = new Harness(33, config)) {
      harness.network.dropRate(loss).delay(loss, Duration.ofMillis(40));
      harness.serve(
          (request, from) -> {
            executions.incrementAndGet();
            return large;
          });
      ReliableUdpChannel channel = harness.open();
      int firstCallDatagrams = 0;
      for (int call = 0; call < 2; call++) {
        CompletableFuture<byte[]> result = harness.callAsync(channel, "dame".getBytes(UTF_8));
        harness.pump(result::isDone, 20_000);
        assertArrayEquals(large, result.get(20, TimeUnit.SECONDS));
        firstCallDatagrams = call == 0 ? harness.network.log().size() : firstCallDatagrams;
      }
      assertEquals(2, executions.get());
      List<LossyNetwork.Sent> log = harness.network.log();
      long challenges =
          log.subList(firstCallDatagrams, log.size()).stream()
              .filter(sent -> sent.from().equals(Harness.SERVER))
              .filter(sent -> sent.data()[3] == Wire.CHALLENGE)
              .count();
      // The first call paid a round trip to validate the channel's address; the next pays nothing.
      assertEquals(0, challenges, "the second call was challenged");
    }
  }

  @Test
  void forcedAcknowledgementsFromAValidatedAddressDrawAtMostOneBurstPerReplayInterval()
      throws Exception {
    ReliableUdpConfig config = CONFIG.toBuilder().replayInterval(Duration.ofMillis(50)).build();
    int replySize = 200_000;
    InetSocketAddress peer = new InetSocketAddress("127.0.0.5", 7000);
    try (Harness harness = new Harness(36, config);
        DatagramEndpoint endpoint = harness.network.bind(peer)) {
      harness.serve((request, from) -> new byte[replySize]);
      byte[] request = Wire.fragment(Wire.REQUEST, 0, 0, 9, "m".getBytes(UTF_8), 1200, 0);
      endpoint.send(request, Harness.SERVER);
      Wire.Packet challenge = replyTo(endpoint, 9);
      assertEquals(Wire.CHALLENGE, challenge.type(), "a 33-byte request cannot draw a burst");
      long cookie = challenge.cookie();

      Wire.stamp(request, cookie);
      endpoint.send(request, Harness.SERVER); // validated: the first burst comes
      byte[] force = Wire.ack(Wire.REPLY_ACK, Wire.FORCE, 0, 9, replySize, 1200, new BitSet());
      Wire.stamp(force, cookie);
      for (int i = 0; i < 50; i++) {
        endpoint.send(force, Harness.SERVER);
      }
      int fragments = drain(endpoint);
      assertEquals(config.window(), fragments, "50 forced acks at once drew more than one burst");

      harness.clock.advance(Duration.ofMillis(50));
      endpoint.send(force, Harness.SERVER);
      assertEquals(config.window(), drain(endpoint), "one burst per interval");
    }
  }

  /** Reads what has arrived (the server answers on the sending thread); counts reply fragments. */
  private static int drain(DatagramEndpoint endpoint) throws Exception {
    int fragments = 0;
    while (true) {
      Datagram datagram;
      try {
        datagram = endpoint.receive(Duration.ofMillis(200));
      } catch (SocketTimeoutException e) {
        return fragments;
      }
      if (datagram.data()[3] == Wire.REPLY) {
        fragments++;
      }
    }
  }

  @Test
  void floodOfNewRequestIdsDoesNotMakeTheServerForgetAReplyItPromisedToKeep() throws Exception {
    ReliableUdpConfig config = CONFIG.toBuilder().replyCacheEntries(64).build();
    Map<String, AtomicInteger> executions = new ConcurrentHashMap<>();
    try (Harness harness = new Harness(34, config)) {
      harness.serve(
          (request, from) -> {
            String text = new String(request, UTF_8);
            executions.computeIfAbsent(text, key -> new AtomicInteger()).incrementAndGet();
            return text.toUpperCase(Locale.ROOT).getBytes(UTF_8);
          });
      ReliableUdpChannel channel = harness.open();
      InetSocketAddress client = channel.localAddress();
      CompletableFuture<byte[]> first = harness.callAsync(channel, "x".getBytes(UTF_8));
      harness.pump(first::isDone, 50);
      assertArrayEquals("X".getBytes(UTF_8), first.get(20, TimeUnit.SECONDS));
      long id = ByteBuffer.wrap(harness.network.sentTo(Harness.SERVER).get(0).data()).getLong(8);
      channel.close();

      // The same address sends 1,000 new requests, then asks for X again well inside its 30 s.
      try (DatagramEndpoint same = harness.network.bind(client)) {
        for (int i = 1; i <= 1000; i++) {
          same.send(
              Wire.fragment(Wire.REQUEST, 0, 0, id + i, ("f" + i).getBytes(UTF_8), 1200, 0),
              Harness.SERVER);
        }
        harness.clock.advance(Duration.ofSeconds(1));
        same.send(
            Wire.fragment(Wire.REQUEST, 0, 0, id, "x".getBytes(UTF_8), 1200, 0), Harness.SERVER);
        Wire.Packet answer = replyTo(same, id);
        assertEquals(Wire.REPLY, answer.type());
        assertEquals("X", answer.text());
      }
      assertEquals(1, executions.get("x").get(), "the call ran twice");
    }
  }

  /** The first datagram for request {@code id} that arrives at {@code endpoint}. */
  private static Wire.Packet replyTo(DatagramEndpoint endpoint, long id) throws Exception {
    for (int i = 0; i < 10_000; i++) {
      Datagram datagram = endpoint.receive(Duration.ofSeconds(20));
      Wire.Packet packet = Wire.decode(datagram.data(), Wire.MAX_MESSAGE).orElseThrow();
      if (packet.id() == id) {
        return packet;
      }
    }
    throw new AssertionError("no answer for request " + id);
  }

  @Test
  void firstFragmentsAnnouncingHugeMessagesReserveOnlyWhatArrivedAndARealCallGoesThrough()
      throws Exception {
    InetSocketAddress attacker = new InetSocketAddress("127.0.0.4", 7000);
    byte[] announced = new byte[4 * 1024 * 1024];
    byte[] request = new byte[50_000];
    new Random(5).nextBytes(request);
    try (Harness harness = new Harness(35, CONFIG)) {
      ReliableUdpServer server = harness.serve((bytes, from) -> bytes);
      List<byte[]> flood = new ArrayList<>();
      for (int i = 0; i < 2000; i++) {
        // 48 bytes on the wire, each announcing 4 MiB.
        flood.add(Wire.fragment(Wire.REQUEST, 0, 0, 1000 + i, announced, 16, 0));
      }
      sendFrom(harness, attacker, flood);
      long reserved = server.assemblyBytes();
      assertTrue(reserved <= 64 * 1024, "reserved " + reserved + " bytes for 2,000 tiny fragments");

      // A real call goes through while the attacker keeps at it.
      ReliableUdpChannel channel = harness.open();
      CompletableFuture<byte[]> call = harness.callAsync(channel, request);
      try (DatagramEndpoint spoofer = harness.network.bind(attacker)) {
        for (byte[] datagram : flood) {
          spoofer.send(datagram, Harness.SERVER);
        }
      }
      harness.pump(call::isDone, 1000);
      assertArrayEquals(request, call.get(20, TimeUnit.SECONDS));
    }
  }
}
