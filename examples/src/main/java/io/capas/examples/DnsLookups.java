package io.capas.examples;

import io.capas.socket.Dns;
import java.io.IOException;
import java.io.PrintStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The slides' name lookups with capas's {@link Dns}: {@code gethostname}, {@code getfqdn}, {@code
 * gethostbyname}, {@code gethostbyaddr}, {@code getaddrinfo}, and a name that does not resolve,
 * which Python reports as {@code socket.gaierror} and Java as {@link UnknownHostException}.
 *
 * <p>Thread-safe (static methods only).
 */
public final class DnsLookups {

  /** A name that never resolves ({@code .invalid} is reserved by RFC 2606). */
  public static final String UNKNOWN = "no-such-host.invalid";

  private DnsLookups() {}

  /** {@code gethostbyname}: the first IPv4 address of {@code name}. */
  public static String gethostbyname(String name) throws UnknownHostException {
    for (InetAddress address : Dns.addresses(name)) {
      if (address instanceof Inet4Address) {
        return address.getHostAddress();
      }
    }
    throw new UnknownHostException("gethostbyname " + name + ": no IPv4 address");
  }

  /** {@code getaddrinfo(host, port)}: the candidate endpoints, each as address and port. */
  public static List<String> getaddrinfo(String host, int port) throws UnknownHostException {
    List<String> found = new ArrayList<>();
    for (InetSocketAddress candidate : Dns.addrinfo(host, port)) {
      found.add(candidate.getAddress().getHostAddress() + " port " + candidate.getPort());
    }
    return found;
  }

  /**
   * Runs every lookup of {@code name} (and of {@code address} backwards), then of {@link #UNKNOWN},
   * printing one line each.
   *
   * @return false if a lookup that should work failed
   */
  public static boolean run(String name, String address, PrintStream out) {
    boolean ok = true;
    ok &= show(out, "gethostname()", Dns::hostname);
    ok &= show(out, "getfqdn()", Dns::fqdn);
    ok &= show(out, "gethostbyname('" + name + "')", () -> gethostbyname(name));
    ok &=
        show(
            out,
            "gethostbyaddr('" + address + "')",
            () -> Dns.nameOf(InetAddress.getByName(address)));
    ok &= show(out, "getaddrinfo('" + name + "', 80)", () -> getaddrinfo(name, 80).toString());
    boolean unknownFailed =
        !show(out, "gethostbyname('" + UNKNOWN + "')", () -> gethostbyname(UNKNOWN));
    return ok && unknownFailed;
  }

  private interface Lookup {
    String get() throws IOException;
  }

  private static boolean show(PrintStream out, String call, Lookup lookup) {
    try {
      out.println(call + " -> " + lookup.get());
      return true;
    } catch (UnknownHostException e) {
      out.println(call + " -> gaierror (UnknownHostException): " + e.getMessage());
      return false;
    } catch (IOException e) {
      out.println(call + " -> error (" + e.getClass().getSimpleName() + "): " + e.getMessage());
      return false;
    }
  }
}
