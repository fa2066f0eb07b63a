package io.capas.socket;

import static com.google.common.base.Preconditions.checkArgument;

import io.capas.transport.HostResolver;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Name lookups: this host's names, name to addresses, address to name, and an addrinfo-style lookup
 * of candidate endpoints.
 *
 * <pre>{@code
 * List<InetSocketAddress> candidates = Dns.addrinfo("localhost", 8080); // 127.0.0.1, ::1 ...
 * String name = Dns.nameOf(InetAddress.getLoopbackAddress());            // "localhost"
 * }</pre>
 *
 * <p>Errors: a name that does not resolve is an {@link UnknownHostException} whose message names
 * the operation and the name; other failures are {@link IOException}s naming both too. The JVM
 * caches answers ({@code networkaddress.cache.ttl}). Safe for concurrent use.
 */
public final class Dns {

  private Dns() {}

  /** This host's name ({@code gethostname}). */
  public static String hostname() throws IOException {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      // getLocalHost resolves the name too; when that fails the kernel's name is still known.
      String fromKernel = kernelHostname();
      if (fromKernel != null) {
        return fromKernel;
      }
      throw named(new IOException("hostname: " + e.getMessage()), e);
    }
  }

  /** This host's fully qualified name, as the resolver's canonical name for it. */
  public static String fqdn() throws IOException {
    String name = hostname();
    try {
      return InetAddress.getByName(name).getCanonicalHostName();
    } catch (UnknownHostException e) {
      throw named(new UnknownHostException("fqdn of " + name + ": unknown host"), e);
    }
  }

  /**
   * Every address of {@code name}, IPv4 and IPv6, in the resolver's order (a literal address yields
   * itself).
   */
  public static List<InetAddress> addresses(String name) throws UnknownHostException {
    return resolveAll(HostResolver.system(), name);
  }

  /**
   * The name of {@code address} by reverse lookup ({@code tohostname}).
   *
   * @throws UnknownHostException the address has no name
   */
  public static String nameOf(InetAddress address) throws UnknownHostException {
    String name = address.getCanonicalHostName();
    // The JDK answers the literal address itself when the reverse lookup fails.
    if (name.equals(address.getHostAddress())) {
      throw new UnknownHostException("nameOf " + address.getHostAddress() + ": no name found");
    }
    return name;
  }

  /** The candidate endpoints for {@code (host, port)}, in the order to try them. */
  public static List<InetSocketAddress> addrinfo(String host, int port)
      throws UnknownHostException {
    return addrinfo(HostResolver.system(), host, port);
  }

  /** {@link #addrinfo(String, int)} through another resolver. */
  public static List<InetSocketAddress> addrinfo(HostResolver resolver, String host, int port)
      throws UnknownHostException {
    checkArgument(port >= 0 && port <= 65535, "port out of range: %s", port);
    List<InetSocketAddress> result = new ArrayList<>();
    for (InetAddress address : resolveAll(resolver, host)) {
      result.add(new InetSocketAddress(address, port));
    }
    return List.copyOf(result);
  }

  /**
   * Resolves through {@code resolver}, naming the host in the failure; never returns an empty list.
   */
  static List<InetAddress> resolveAll(HostResolver resolver, String host)
      throws UnknownHostException {
    checkArgument(!host.isEmpty(), "empty host name");
    List<InetAddress> found;
    try {
      found = resolver.resolve(host);
    } catch (UnknownHostException e) {
      throw named(new UnknownHostException("lookup of " + host + ": unknown host"), e);
    }
    if (found.isEmpty()) {
      throw new UnknownHostException("lookup of " + host + ": no addresses");
    }
    return List.copyOf(found);
  }

  /**
   * Every address of {@code host} through {@code resolver}, within {@code timeout} ({@link
   * Duration#ZERO}: no bound), never an empty list. See {@link #resolveAll(HostResolver, String,
   * Duration)}.
   *
   * @throws UnknownHostException the name does not resolve
   * @throws SocketTimeoutException the resolver did not answer in time
   */
  public static List<InetAddress> addresses(HostResolver resolver, String host, Duration timeout)
      throws IOException {
    checkArgument(!timeout.isNegative(), "negative timeout: %s", timeout);
    return timeout.isZero() ? resolveAll(resolver, host) : resolveAll(resolver, host, timeout);
  }

  /**
   * {@link #resolveAll(HostResolver, String)} within {@code timeout}: the lookup runs on a virtual
   * thread, and a resolver that does not answer in time (an unreachable name server: the system
   * resolver may wait for tens of seconds) fails with a {@link SocketTimeoutException} naming the
   * host. The abandoned lookup finishes on its own thread and its answer is dropped. A literal
   * address is answered at once, without a thread.
   */
  static List<InetAddress> resolveAll(HostResolver resolver, String host, Duration timeout)
      throws IOException {
    checkArgument(!host.isEmpty(), "empty host name");
    if (isLiteral(host)) {
      return resolveAll(resolver, host);
    }
    CompletableFuture<List<InetAddress>> lookup = new CompletableFuture<>();
    Thread.ofVirtual()
        .name("capas-dns " + host)
        .start(
            () -> {
              try {
                lookup.complete(resolveAll(resolver, host));
              } catch (Throwable e) {
                lookup.completeExceptionally(e);
              }
            });
    try {
      return lookup.get(Math.max(1, timeout.toNanos()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new SocketTimeoutException("lookup of " + host + " timed out after " + timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted in the lookup of " + host);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new IOException("lookup of " + host + " failed: " + cause, cause);
    }
  }

  /** Whether {@code host} is an IPv4 dotted quad or an IPv6 literal: nothing to look up. */
  static boolean isLiteral(String host) {
    if (host.indexOf(':') >= 0) {
      return true;
    }
    int dots = 0;
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (c == '.') {
        dots++;
      } else if (c < '0' || c > '9') {
        return false;
      }
    }
    return dots == 3;
  }

  private static @Nullable String kernelHostname() {
    try {
      String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
      return name.isEmpty() ? null : name;
    } catch (IOException e) {
      return null;
    }
  }

  private static <E extends IOException> E named(E exception, Throwable cause) {
    exception.initCause(cause);
    return exception;
  }
}
