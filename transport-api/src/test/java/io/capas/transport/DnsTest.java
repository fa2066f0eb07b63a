package io.capas.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
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
    assertEquals(List.of(InetAddress.getByName("127.0.0.1")), Dns.addresses("127.0.0.1"));
    assertEquals(List.of(InetAddress.getByName("::1")), Dns.addresses("::1"));
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
    String name = Dns.nameOf(InetAddress.getByName("127.0.0.1"));
    assertFalse(name.isBlank());
    assertFalse(name.equals("127.0.0.1"));
    assertTrue(Dns.addresses(name).contains(InetAddress.getByName("127.0.0.1")), name);
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
    InetAddress v6 = InetAddress.getByName("::1");
    InetAddress v4 = InetAddress.getByName("127.0.0.1");
    List<InetSocketAddress> candidates = Dns.addrinfo(host -> List.of(v6, v4), "both", 1);
    assertEquals(
        List.of(new InetSocketAddress(v6, 1), new InetSocketAddress(v4, 1)), candidates);
  }

  @Test
  void aResolverWithNoAnswerIsUnknownHost() {
    assertThrows(UnknownHostException.class, () -> Dns.addrinfo(host -> List.of(), "empty", 1));
  }
}
