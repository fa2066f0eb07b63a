package io.capas.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.transport.HostResolver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Lookups that need no outside network: loopback, this machine's own name, {@code .invalid}. */
class DnsTest {

  @Test
  void localhostResolvesToLoopback() throws IOException {
    List<InetAddress> addresses = Dns.addresses("localhost");
    assertFalse(addresses.isEmpty());
    assertTrue(addresses.stream().allMatch(InetAddress::isLoopbackAddress), addresses.toString());
  }

  @Test
  void literalsResolveToThemselvesInBothFamilies() throws IOException {
    assertEquals(List.of(v4Loopback()), Dns.addresses("127.0.0.1"));
    assertEquals(List.of(v6Loopback()), Dns.addresses("::1"));
  }

  @Test
  void ownHostnameResolves() throws IOException {
    String name = Dns.hostname();
    assertFalse(name.isBlank());
    assertFalse(Dns.addresses(name).isEmpty());
    assertFalse(Dns.fqdn().isBlank());
  }

  @Test
  void reverseOfLoopbackIsAName() throws IOException {
    String name = Dns.nameOf(v4Loopback());
    assertFalse(name.isBlank());
    assertFalse(name.equals("127.0.0.1"));
    assertTrue(Dns.addresses(name).contains(v4Loopback()), name);
  }

  @Test
  void invalidNameIsUnknownHostNamingIt() {
    UnknownHostException e =
        assertThrows(UnknownHostException.class, () -> Dns.addresses("x.invalid"));
    assertTrue(e.getMessage().contains("x.invalid"), e.getMessage());
  }

  @Test
  void addrinfoPairsEveryAddressWithThePort() throws IOException {
    List<InetSocketAddress> candidates = Dns.addrinfo("localhost", 8080);
    assertEquals(Dns.addresses("localhost").size(), candidates.size());
    assertTrue(candidates.stream().allMatch(a -> a.getPort() == 8080 && !a.isUnresolved()));
  }

  @Test
  void addrinfoKeepsTheResolverOrder() throws IOException {
    InetAddress v6 = v6Loopback();
    InetAddress v4 = v4Loopback();
    List<InetSocketAddress> candidates = Dns.addrinfo(host -> List.of(v6, v4), "both", 1);
    assertEquals(List.of(new InetSocketAddress(v6, 1), new InetSocketAddress(v4, 1)), candidates);
  }

  @Test
  void aResolverWithNoAnswerIsUnknownHost() {
    assertThrows(UnknownHostException.class, () -> Dns.addrinfo(host -> List.of(), "empty", 1));
  }

  @Test
  void aLookupThatNeverAnswersTimesOutWithinTheConnectTimeout() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    HostResolver hanging =
        host -> {
          try {
            never.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          throw new UnknownHostException(host);
        };
    try {
      SocketTimeoutException e =
          assertTimeoutPreemptively(
              Duration.ofSeconds(30),
              () ->
                  assertThrows(
                      SocketTimeoutException.class,
                      () ->
                          TcpMaster.create(hanging)
                              .connect("hangs.invalid", 80, Duration.ofMillis(200))));
      assertTrue(e.getMessage().contains("lookup of hangs.invalid"), e.getMessage());
      assertThrows(
          SocketTimeoutException.class,
          () -> Dns.addresses(hanging, "hangs.invalid", Duration.ofMillis(50)));
    } finally {
      never.countDown();
    }
  }

  @Test
  void boundedLookupsKeepTheResolversAnswersAndErrors() throws IOException {
    HostResolver fixed = host -> List.of(v4Loopback());
    assertEquals(
        List.of(v4Loopback()), Dns.addresses(fixed, "anything.test", Duration.ofSeconds(10)));
    HostResolver unknown =
        host -> {
          throw new UnknownHostException(host);
        };
    UnknownHostException e =
        assertThrows(
            UnknownHostException.class,
            () -> Dns.addresses(unknown, "nope.invalid", Duration.ofSeconds(10)));
    assertTrue(e.getMessage().contains("nope.invalid"), e.getMessage());
    assertThrows(
        UnknownHostException.class,
        () -> Dns.addresses(host -> List.of(), "empty.test", Duration.ZERO));
  }

  @Test
  void literalAddressesNeedNoLookup() {
    assertTrue(Dns.isLiteral("127.0.0.1"));
    assertTrue(Dns.isLiteral("::1"));
    assertTrue(Dns.isLiteral("fe80::1%eth0"));
    assertFalse(Dns.isLiteral("localhost"));
    assertFalse(Dns.isLiteral("1.2.3"));
    assertFalse(Dns.isLiteral("10.0.0.example"));
  }

  /** 127.0.0.1, built from its bytes so the expected value involves no lookup. */
  private static InetAddress v4Loopback() throws UnknownHostException {
    return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
  }

  /** ::1, built from its bytes so the expected value involves no lookup. */
  private static InetAddress v6Loopback() throws UnknownHostException {
    byte[] address = new byte[16];
    address[15] = 1;
    return InetAddress.getByAddress(address);
  }
}
