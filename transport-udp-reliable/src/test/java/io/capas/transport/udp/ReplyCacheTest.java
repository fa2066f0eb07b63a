package io.capas.transport.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReplyCacheTest {
  private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 5000);
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
  void entryCountIsBoundedAndTheOldestFinishedEntryGoesFirst() {
    ReplyCache cache = new ReplyCache(small().build(), 0);
    for (long id = 1; id <= 3; id++) {
      cache.finished(cache.add(key(id), ReplyCache.State.RUNNING, 0, 0), 10, 0);
    }
    assertNotNull(cache.add(key(4), ReplyCache.State.RUNNING, 0, 0));
    assertEquals(3, cache.size());
    assertNull(cache.get(key(1)));
    assertNotNull(cache.get(key(2)));
    assertEquals(1, cache.evictedEarly());
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
  void replyBytesAreBounded() {
    ReplyCache cache = new ReplyCache(small().replyCacheEntries(100).build(), 0);
    for (long id = 1; id <= 10; id++) {
      cache.finished(cache.add(key(id), ReplyCache.State.RUNNING, 0, 0), 300, 0);
    }
    assertEquals(900, cache.replyBytes());
    assertEquals(3, cache.size());
    assertNotNull(cache.get(key(10)));
  }

  @Test
  void partlyReceivedRequestsAreBoundedByTheAssemblyBudget() {
    ReplyCache cache = new ReplyCache(small().replyCacheEntries(100).build(), 0);
    assertNotNull(cache.add(key(1), ReplyCache.State.RECEIVING, 300, 0));
    // A second one does not fit beside the first: the oldest partial request makes room.
    assertNotNull(cache.add(key(2), ReplyCache.State.RECEIVING, 300, 0));
    assertNull(cache.get(key(1)));
    assertEquals(300, cache.assemblyBytes());
    assertNull(
        cache.add(key(3), ReplyCache.State.RECEIVING, 501, 0), "larger than the whole budget");
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
