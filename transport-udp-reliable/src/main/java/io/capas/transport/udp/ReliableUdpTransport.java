package io.capas.transport.udp;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.base.Ticker;
import io.capas.transport.DatagramEndpoint;
import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.MessageTransport;
import io.capas.transport.RequestHandler;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * Request/response messages over UDP: resend with exponential backoff and jitter, at-most-once
 * execution on the server, fragmentation with selective resend, all tuned by a {@link
 * ReliableUdpConfig}. Safe for concurrent use. Channels and servers it opens are closed by their
 * callers; the transport itself holds nothing to close (its timer thread is a shared daemon).
 *
 * <pre>{@code
 * MessageTransport udp =
 *     new ReliableUdpTransport(ReliableUdpConfig.defaults(), HostResolver.system());
 * try (Server server = udp.serve(Endpoint.of("127.0.0.1", 0), (request, from) -> request);
 *     RequestChannel channel = udp.open(Endpoint.of("127.0.0.1", server.address().getPort()))) {
 *   byte[] reply = channel.call("hola".getBytes(UTF_8), Duration.ofSeconds(5));
 * }
 * }</pre>
 */
public final class ReliableUdpTransport implements MessageTransport {

  private static final class SharedTimer {
    static final ScheduledExecutorService INSTANCE = create();

    private static ScheduledExecutorService create() {
      ScheduledThreadPoolExecutor timer =
          new ScheduledThreadPoolExecutor(
              1, Thread.ofPlatform().daemon().name("capas-udp-timer").factory());
      timer.setRemoveOnCancelPolicy(true);
      return timer;
    }
  }

  private final ReliableUdpConfig config;
  private final HostResolver resolver;
  private final DatagramEndpointFactory endpoints;
  private final Ticker ticker;
  private final ScheduledExecutorService scheduler;
  private final Random random;
  private final Executor handlerExecutor;

  /** Real sockets and time; handlers run on virtual threads. */
  public ReliableUdpTransport(ReliableUdpConfig config, HostResolver resolver) {
    this(
        config,
        resolver,
        DatagramEndpointFactory.system(),
        Ticker.systemTicker(),
        SharedTimer.INSTANCE,
        new SecureRandom(),
        Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("capas-udp-handler-", 0).factory()));
  }

  /**
   * Everything injected: tests pass a lossy in-memory network, a fake ticker and scheduler, a
   * seeded {@link Random} (jitter, first request id) and a direct executor.
   */
  public ReliableUdpTransport(
      ReliableUdpConfig config,
      HostResolver resolver,
      DatagramEndpointFactory endpoints,
      Ticker ticker,
      ScheduledExecutorService scheduler,
      Random random,
      Executor handlerExecutor) {
    this.config = config;
    this.resolver = resolver;
    this.endpoints = endpoints;
    this.ticker = ticker;
    this.scheduler = scheduler;
    this.random = random;
    this.handlerExecutor = handlerExecutor;
  }

  /**
   * The same transport with handlers run by {@code executor} (e.g. {@code Runnable::run}: on the
   * receiving thread).
   */
  public ReliableUdpTransport withHandlerExecutor(Executor executor) {
    return new ReliableUdpTransport(
        config, resolver, endpoints, ticker, scheduler, random, executor);
  }

  /** The same transport over other datagram endpoints (a lossy wrapper, an in-memory network). */
  public ReliableUdpTransport withEndpoints(DatagramEndpointFactory factory) {
    return new ReliableUdpTransport(
        config, resolver, factory, ticker, scheduler, random, handlerExecutor);
  }

  public ReliableUdpConfig config() {
    return config;
  }

  /** Opens a channel (with its own socket on an ephemeral port) for calls to {@code remote}. */
  @Override
  public ReliableUdpChannel open(Endpoint remote) throws IOException {
    refuseUnix(remote);
    return open(new InetSocketAddress(resolve(remote.host()), remote.port()));
  }

  /** Opens a channel to a resolved address. */
  public ReliableUdpChannel open(InetSocketAddress remote) throws IOException {
    InetAddress any =
        remote.getAddress() instanceof Inet4Address
            ? InetAddress.getByAddress(new byte[4])
            : InetAddress.getByAddress(new byte[16]);
    DatagramEndpoint endpoint = endpoints.open(new InetSocketAddress(any, 0));
    try {
      return new ReliableUdpChannel(endpoint, remote, config, ticker, scheduler, random);
    } catch (RuntimeException e) {
      endpoint.close();
      throw e;
    }
  }

  /** Serves {@code handler} on {@code local}; port 0 picks a free port. */
  @Override
  public ReliableUdpServer serve(Endpoint local, RequestHandler handler) throws IOException {
    refuseUnix(local);
    return serve(new InetSocketAddress(resolve(local.host()), local.port()), handler);
  }

  public ReliableUdpServer serve(InetSocketAddress local, RequestHandler handler)
      throws IOException {
    DatagramEndpoint endpoint = endpoints.open(local);
    try {
      return new ReliableUdpServer(endpoint, handler, handlerExecutor, config, ticker, random);
    } catch (RuntimeException e) {
      endpoint.close();
      throw e;
    }
  }

  /** A Unix endpoint's host is localhost and its port 0: never let it reach a UDP socket. */
  private static void refuseUnix(Endpoint endpoint) {
    checkArgument(
        !endpoint.isUnix(),
        "ReliableUdpTransport speaks UDP over IP; %s is a Unix socket (UnixTransport serves it)",
        endpoint);
  }

  private InetAddress resolve(String host) throws UnknownHostException {
    List<InetAddress> addresses = resolver.resolve(host);
    if (addresses.isEmpty()) {
      throw new UnknownHostException(host + ": no addresses");
    }
    for (InetAddress address : addresses) {
      if (address instanceof Inet4Address) {
        return address; // broadcast discovery and most UDP peers are IPv4
      }
    }
    return addresses.get(0);
  }
}
