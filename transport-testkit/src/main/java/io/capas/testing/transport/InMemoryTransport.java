package io.capas.testing.transport;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.net.InetAddresses;
import io.capas.socket.Threads;
import io.capas.transport.Connection;
import io.capas.transport.Endpoint;
import io.capas.transport.Server;
import io.capas.transport.SessionFactory;
import io.capas.transport.Transport;
import io.capas.transport.internal.SessionRegistry;
import io.capas.transport.internal.SessionRunner;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link Transport} inside one JVM: connections are pairs of bounded in-memory pipes, and each
 * served connection runs its {@link io.capas.transport.Session} on a virtual thread, as the TCP
 * thread-per-connection model does. It passes the same conformance suite as TCP and is the default
 * fake in tests above the transport.
 *
 * <pre>{@code
 * Transport transport = InMemoryTransport.create();
 * try (Server server = transport.serve(Endpoint.of("localhost", 0), echoSessions);
 *     Connection c =
 *         transport.connect(Endpoint.of("localhost", server.address().getPort()), WAIT)) {
 *   c.sendAll(request);
 * }
 * }</pre>
 *
 * <p>Hosts: {@code localhost} and literal addresses are known, every other name is an {@link
 * UnknownHostException}; servers are found by port whatever the host. A port with no server refuses
 * with {@link ConnectException}. Read timeouts and {@code close()} behave as for sockets. Safe for
 * concurrent use.
 */
public final class InMemoryTransport implements Transport {

  private static final int FIRST_PORT = 20_000;

  private final int maxConnections;
  private final int pipeBufferBytes;
  private final Duration idleTimeout;
  private final ConcurrentMap<Integer, InMemoryServer> servers = new ConcurrentHashMap<>();
  private final AtomicInteger nextPort = new AtomicInteger(FIRST_PORT);
  private final AtomicInteger nextClientPort = new AtomicInteger(40_000);

  private InMemoryTransport(Builder builder) {
    this.maxConnections = builder.maxConnections;
    this.pipeBufferBytes = builder.pipeBufferBytes;
    this.idleTimeout = builder.idleTimeout;
  }

  /** Unlimited connections, 64 KiB per direction, no idle timeout. */
  public static InMemoryTransport create() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Connection connect(Endpoint remote, Duration connectTimeout) throws IOException {
    checkArgument(!connectTimeout.isNegative(), "negative timeout: %s", connectTimeout);
    refuseUnix(remote);
    InetAddress address = resolve(remote.host());
    InMemoryServer server = servers.get(remote.port());
    if (server == null) {
      throw new ConnectException("Connection refused: " + remote + " (in memory)");
    }
    InetSocketAddress client =
        new InetSocketAddress(
            address.isLoopbackAddress() ? address : InetAddress.getLoopbackAddress(),
            nextClientPort.getAndIncrement() % 20_000 + 40_000);
    return server.accept(client);
  }

  @Override
  public Server serve(Endpoint local, SessionFactory sessions) throws IOException {
    refuseUnix(local);
    InetAddress address = resolve(local.host());
    for (int attempt = 0; attempt < 20_000; attempt++) {
      int port = local.port() != 0 ? local.port() : nextPort.getAndIncrement();
      InMemoryServer server = new InMemoryServer(new InetSocketAddress(address, port), sessions);
      if (servers.putIfAbsent(port, server) == null) {
        return server;
      }
      if (local.port() != 0) {
        throw new BindException("Address already in use: " + local + " (in memory)");
      }
    }
    throw new BindException("no free in-memory port");
  }

  /** In memory, servers are numbered by port: a Unix endpoint (localhost:0) has none. */
  private static void refuseUnix(Endpoint endpoint) {
    checkArgument(
        !endpoint.isUnix(),
        "InMemoryTransport numbers its servers by port; %s is a Unix socket",
        endpoint);
  }

  private static InetAddress resolve(String host) throws UnknownHostException {
    if (host.toLowerCase(Locale.ROOT).equals("localhost")) {
      return InetAddress.getLoopbackAddress();
    }
    if (host.equals("*")) {
      return InetAddresses.forString("0.0.0.0");
    }
    if (InetAddresses.isInetAddress(host)) {
      return InetAddresses.forString(host);
    }
    throw new UnknownHostException("lookup of " + host + ": unknown host (in memory)");
  }

  /** Settings of an {@link InMemoryTransport}. */
  public static final class Builder {
    private int maxConnections = Integer.MAX_VALUE;
    private int pipeBufferBytes = 64 * 1024;
    private Duration idleTimeout = Duration.ZERO;

    private Builder() {}

    /** The most connections each server holds; past it new ones are closed at once. */
    public Builder maxConnections(int value) {
      checkArgument(value > 0, "maxConnections must be positive: %s", value);
      maxConnections = value;
      return this;
    }

    /** Bytes buffered per direction before a writer blocks. */
    public Builder pipeBufferBytes(int value) {
      checkArgument(value > 0, "pipeBufferBytes must be positive: %s", value);
      pipeBufferBytes = value;
      return this;
    }

    /** The initial read timeout of every served session ({@link Duration#ZERO}: none). */
    public Builder idleTimeout(Duration value) {
      checkArgument(!value.isNegative(), "negative idle timeout: %s", value);
      idleTimeout = value;
      return this;
    }

    public InMemoryTransport build() {
      return new InMemoryTransport(this);
    }
  }

  private final class InMemoryServer implements Server {
    private final InetSocketAddress address;
    private final SessionFactory sessions;
    private final SessionRegistry registry = new SessionRegistry(maxConnections);

    InMemoryServer(InetSocketAddress address, SessionFactory sessions) {
      this.address = address;
      this.sessions = sessions;
    }

    Connection accept(InetSocketAddress client) {
      PipeConnection[] pair = PipeConnection.pair(client, address, pipeBufferBytes);
      Optional<SessionRunner> runner = registry.admit(pair[1], sessions, idleTimeout, 64 * 1024);
      if (runner.isPresent()) {
        Threads.start("capas-inmemory-" + address.getPort(), runner.get());
      } else {
        pair[1].close();
      }
      return pair[0];
    }

    @Override
    public InetSocketAddress address() {
      return address;
    }

    @Override
    public int activeConnections() {
      return registry.size();
    }

    @Override
    public void shutdown(Duration grace) throws InterruptedException {
      servers.remove(address.getPort(), this);
      registry.shutdown(grace);
    }

    @Override
    public void close() {
      servers.remove(address.getPort(), this);
      registry.stopAdmitting();
      registry.closeAll();
    }

    @Override
    public String toString() {
      return "InMemoryServer[" + address + "]";
    }
  }
}
