package io.capas.transport.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AddressValidationTest {
  private static final InetSocketAddress A =
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 5000);
  private static final InetSocketAddress B = new InetSocketAddress("127.0.0.2", 5000);

  /** Real tickers start anywhere; so do these tests. */
  private static final long NOW = 7_200_000_000_000L;

  private static AddressValidation validation(ReliableUdpConfig.Builder config) {
    return new AddressValidation(config.build(), new Random(1));
  }

  @Test
  void cookieValidatesOnlyTheAddressAndPortItWasMadeFor() {
    AddressValidation validation = validation(ReliableUdpConfig.builder());
    long cookie = validation.cookie(A);
    assertNotEquals(0, cookie);
    assertTrue(validation.validates(A, cookie));
    assertFalse(validation.validates(B, cookie));
    assertFalse(
        validation.validates(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 5001), cookie));
    assertFalse(validation.validates(A, 0));
    AddressValidation restarted =
        new AddressValidation(ReliableUdpConfig.defaults(), new Random(2));
    assertFalse(restarted.validates(A, cookie), "another key, another cookie");
  }

  @Test
  void unvalidatedAddressGetsAtMostTheFactorTimesWhatItSent() {
    AddressValidation validation = validation(ReliableUdpConfig.builder());
    assertFalse(validation.trySend(A, 1, NOW), "nothing received, nothing to send");
    validation.received(A, 100, NOW);
    assertTrue(validation.trySend(A, 250, NOW));
    assertFalse(validation.trySend(A, 51, NOW));
    assertTrue(validation.trySend(A, 50, NOW));
    assertFalse(validation.trySend(B, 1, NOW), "credit belongs to its address");
    validation.received(A, 10, NOW);
    assertTrue(validation.trySend(A, 30, NOW));
  }

  @Test
  void tableKeepsTheMostRecentAddressesAndForgetsIdleOnes() {
    AddressValidation validation = validation(ReliableUdpConfig.builder().unvalidatedAddresses(2));
    validation.received(A, 100, NOW);
    validation.received(B, 100, NOW);
    validation.received(new InetSocketAddress("127.0.0.3", 5000), 100, NOW);
    assertEquals(2, validation.tracked());
    assertFalse(validation.trySend(A, 1, NOW), "the least recent went, and its credit with it");
    assertTrue(validation.trySend(B, 300, NOW));

    long later = NOW + Duration.ofSeconds(31).toNanos();
    validation.received(A, 10, later);
    assertEquals(1, validation.tracked(), "counts idle past the retention went");
  }
}
