package io.capas.transport.udp;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.testing.transport.LossyNetwork;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** A discovery responder answers spoofed queries with at most 3x their bytes. */
class DiscoveryTest {
  @Test
  void longestAllowedNameAnnouncesAtMostThreeTimesTheSmallestQuery() {
    String name = "s".repeat(Discovery.MAX_SERVICE_NAME);
    byte[] query = Wire.text(Wire.DISCOVER, 1, 0, "");
    byte[] announce = Wire.text(Wire.ANNOUNCE, 1, 7000, name);
    assertTrue(announce.length <= 3 * query.length, announce.length + " for " + query.length);
  }

  @Test
  void longerNameIsRefused() throws Exception {
    LossyNetwork network = new LossyNetwork(1);
    var endpoint = network.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    try {
      assertThrows(
          IllegalArgumentException.class,
          () -> Discovery.respond(endpoint, "s".repeat(Discovery.MAX_SERVICE_NAME + 1), 7000));
    } finally {
      endpoint.close();
    }
  }
}
