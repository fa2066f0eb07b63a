package io.capas.transport.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReplyCacheTest {
  private static final InetSocketAddress CLIENT =
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 5000);
  private static final long SECOND = 1_000_000_000L;

  private static ReplyCache.Key key(long id) {
    return new ReplyCache.Key(CLIENT, id);
  }

  private static ReliableUdpConfig.Builder small() {
    return ReliableUdpConfig.builder()
        .replyCacheEntries(3)
        .replyCacheBytes(1000)
        .assemblyBytes(500);
  }

  @Test
  void fullCacheRefusesNewRequestsRatherThanForgetAnUnexpiredReply() {
    ReliableUdpConfig config = small().replyRetention(Duration.ofSeconds(10)).build();
    ReplyCache cache = new ReplyCache(config, 0);
    for (long id = 1; id <= 3; id++) {
      cache.finished(cache.add(key(id), ReplyCache.State.RUNNING, 0, 0), 10, 0);
    }
    assertNull(cache.add(key(4), ReplyCache.State.RUNNING, 0, SECOND));
    assertNotNull(cache.get(key(1)), "a reply promised for 10 s was forgotten after 1 s");
    assertEquals(1, cache.refused());
    // Once the oldest reply's retention has passed, its place goes to a new request.
    assertNotNull(cache.add(key(4), ReplyCache.State.RUNNING, 0, 10 * SECOND + 1));
    assertNull(cache.get(key(1)));
    assertEquals(1, cache.size(), "the expired ones all went");
  }

  /**
   * A client stops asking for a reply once its retry span has passed since it last heard from the
   * server: such a reply is settled, and gives its place to the same client's new requests (or, in
   * a full cache, to anyone's). A busy client calling one request after another (8,000 a second in
   * the UDP benchmark) was refused for the whole retention once its quota was full.
   */
  @Test
  void settledRepliesGiveWaySoASteadyClientIsNeverRefused() {
    ReliableUdpConfig config =
        ReliableUdpConfig.builder()
            .replyCacheEntries(10)
            .replyCacheEntriesPerAddress(4)
            .replyRetention(Duration.ofSeconds(30))
            .build();
    long span = config.retrySpan().toNanos();
    ReplyCache cache = new ReplyCache(config, 0);
    long now = 0;
    for (long id = 1; id <= 1000; id++) {
      ReplyCache.Entry entry = cache.add(key(id), ReplyCache.State.RUNNING, 0, now);
      assertNotNull(entry, "call " + id + " refused at " + now + " ns");
      cache.finished(entry, 10, now);
      now += span / 3 + 1; // a little over 3 calls per retry span: within the quota of 4
    }
    assertEquals(0, cache.refused());
    assertTrue(cache.entriesOf(CLIENT.getAddress()) <= 4);
  }

  @Test
  void repliesStillWithinTheRetrySpanAreNeverGivenAway() {
    ReliableUdpConfig config =
        ReliableUdpConfig.builder().replyCacheEntries(10).replyCacheEntriesPerAddress(4).build();
    ReplyCache cache = new ReplyCache(config, 0);
    long justBefore = config.retrySpan().toNanos() - 1;
    for (long id = 1; id <= 4; id++) {
      cache.finished(cache.add(key(id), ReplyCache.State.RUNNING, 0, 0), 10, 0);
    }
    assertNull(cache.add(key(5), ReplyCache.State.RUNNING, 0, justBefore));
    for (long id = 1; id <= 4; id++) {
      assertNotNull(cache.get(key(id)), "reply " + id + " forgotten while its client may ask");
    }
  }

  @Test
  void runningRequestsAreNeverEvictedSoAFullCacheRefusesNewOnes() {
    ReplyCache cache = new ReplyCache(small().build(), 0);
    for (long id = 1; id <= 3; id++) {
      assertNotNull(cache.add(key(id), ReplyCache.State.RUNNING, 0, 0));
    }
    assertNull(cache.add(key(4), ReplyCache.State.RUNNING, 0, 0));
    assertEquals(3, cache.running());
  }

  @Test
  void spentReplyBudgetRefusesNewRequestsAndKeepsTheReplies() {
    ReplyCache cache = new ReplyCache(small().replyCacheEntries(100).build(), 0);
    for (long id = 1; id <= 4; id++) {
      cache.finished(cache.add(key(id), ReplyCache.State.RUNNING, 0, 0), 300, 0);
    }
    assertEquals(1200, cache.replyBytes(), "the reply of a request already running is kept");
    assertNull(cache.add(key(5), ReplyCache.State.RUNNING, 0, 0));
    assertEquals(4, cache.size());
  }

  @Test
  void oneAddressCannotTakeTheRoomOfAnother() {
    ReplyCache cache =
        new ReplyCache(small().replyCacheEntries(10).replyCacheEntriesPerAddress(4).build(), 0);
    for (long id = 1; id <= 100; id++) {
      ReplyCache.Entry entry = cache.add(key(id), ReplyCache.State.RUNNING, 0, 0);
      if (entry != null) {
        cache.finished(entry, 1, 0);
      }
    }
    assertEquals(4, cache.entriesOf(CLIENT.getAddress()));
    InetSocketAddress other = new InetSocketAddress("127.0.0.2", 5000);
    assertNotNull(cache.add(new ReplyCache.Key(other, 1), ReplyCache.State.RUNNING, 0, 0));
    // Another port of the same host shares its quota.
    InetSocketAddress samePort = new InetSocketAddress(InetAddress.getLoopbackAddress(), 5001);
    assertNull(cache.add(new ReplyCache.Key(samePort, 1), ReplyCache.State.RUNNING, 0, 0));
  }

  @Test
  void partlyReceivedRequestsHoldWhatArrivedWithinTheTotalBudget() {
    ReplyCache cache =
        new ReplyCache(small().replyCacheEntries(100).assemblyBytesPerAddress(400).build(), 0);
    ReplyCache.Entry first = cache.add(key(1), ReplyCache.State.RECEIVING, 300, 0);
    assertNotNull(first);
    assertEquals(0, cache.assemblyBytes(), "nothing arrived yet");
    assertTrue(cache.grow(first, 200));
    assertFalse(cache.grow(first, 101), "past what its message can ever hold");
    // A second announcement from the same address does not fit beside the first.
    assertNull(cache.add(key(2), ReplyCache.State.RECEIVING, 300, 0));
    InetSocketAddress other = new InetSocketAddress("127.0.0.2", 5000);
    ReplyCache.Entry second =
        cache.add(new ReplyCache.Key(other, 2), ReplyCache.State.RECEIVING, 400, 0);
    assertNotNull(second);
    // The total budget (500) is spent: the oldest partial request gives way.
    assertTrue(cache.grow(second, 400));
    assertNull(cache.get(key(1)));
    assertEquals(400, cache.assemblyBytes());
    cache.started(second);
    assertEquals(0, cache.assemblyBytes());
    assertNotNull(cache.add(key(3), ReplyCache.State.RECEIVING, 400, 0), "its quota is free again");
  }

  @Test
  void entriesExpireAfterTheRetentionButNotBefore() {
    ReliableUdpConfig config = small().replyRetention(Duration.ofSeconds(10)).build();
    ReplyCache cache = new ReplyCache(config, 0);
    cache.finished(cache.add(key(1), ReplyCache.State.RUNNING, 0, 0), 10, 0);
    ReplyCache.Entry running = cache.add(key(2), ReplyCache.State.RUNNING, 0, 0);
    cache.sweep(10 * SECOND);
    assertNotNull(cache.get(key(1)), "dropped at the retention, not before it passed");
    // Sweeps walk every entry, so they run at most every retention / 8: an entry goes within
    // 1.25 s after its 10 s.
    cache.sweep(11 * SECOND + SECOND / 4);
    assertNull(cache.get(key(1)));
    assertNotNull(cache.get(key(2)), "a running request never expires");
    cache.finished(running, 10, 11 * SECOND);
    cache.sweep(23 * SECOND);
    assertEquals(0, cache.size());
    assertEquals(0, cache.replyBytes());
  }
}
