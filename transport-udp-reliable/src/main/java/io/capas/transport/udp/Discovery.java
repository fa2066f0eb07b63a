package io.capas.transport.udp;

import static com.google.common.base.Preconditions.checkArgument;
import static java.lang.System.Logger.Level.DEBUG;

import com.google.common.base.Ticker;
import io.capas.transport.Datagram;
import io.capas.transport.DatagramEndpoint;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Broadcast discovery: a client sends one {@code DISCOVER} datagram (naming the service it looks
 * for, or none) to a broadcast address and port; every {@link Responder} listening there answers
 * with its service name and the port its server listens on; the client collects the answers for a
 * time window. The answer's sender address plus the announced port is the service's address.
 *
 * <pre>{@code
 * DatagramEndpointFactory endpoints = DatagramEndpointFactory.system();
 * try (Discovery.Responder responder =
 *         Discovery.respond(
 *             endpoints.open(new InetSocketAddress(4445)), "upper", server.address().getPort());
 *     DatagramEndpoint socket = endpoints.open(new InetSocketAddress(0))) {
 *   InetSocketAddress broadcast = new InetSocketAddress("255.255.255.255", 4445);
 *   List<DiscoveredService> found =
 *       Discovery.discover(
 *           socket, broadcast, "upper", Duration.ofMillis(500),
 *           Ticker.systemTicker(), new Random());
 * }
 * }</pre>
 */
public final class Discovery {
  private static final System.Logger LOGGER = System.getLogger(Discovery.class.getName());
  private static final int MAX_ANSWERS = 1024;

  /**
   * The longest service name, in UTF-8 bytes: its {@code ANNOUNCE} is then at most 3x the smallest
   * {@code DISCOVER} (a bare header), so that a responder is no reflector for spoofed queries (the
   * same 3x as {@link ReliableUdpConfig#amplificationFactor()}; issue 12).
   */
  static final int MAX_SERVICE_NAME = 2 * Wire.HEADER;

  private Discovery() {}

  /**
   * Broadcasts a query for {@code service} ("" for any) to {@code target} and collects the distinct
   * answers that arrive within {@code window}. The endpoint must allow broadcast when {@code
   * target} is a broadcast address; the caller keeps ownership of it.
   */
  public static List<DiscoveredService> discover(
      DatagramEndpoint endpoint,
      InetSocketAddress target,
      String service,
      Duration window,
      Ticker ticker,
      Random random)
      throws IOException {
    checkArgument(!window.isNegative() && !window.isZero(), "window must be positive: %s", window);
    long nonce = random.nextLong();
    endpoint.send(Wire.text(Wire.DISCOVER, nonce, 0, service), target);
    Set<DiscoveredService> found = new LinkedHashSet<>();
    long deadline = ticker.read() + window.toNanos();
    for (long left = window.toNanos();
        left > 0 && found.size() < MAX_ANSWERS;
        left = deadline - ticker.read()) {
      Datagram datagram;
      try {
        datagram = endpoint.receive(Duration.ofNanos(Math.max(left, 1_000_000)));
      } catch (SocketTimeoutException e) {
        break;
      }
      Optional<Wire.Packet> packet = Wire.decode(datagram.data(), 0);
      if (packet.isEmpty() || packet.get().type() != Wire.ANNOUNCE || packet.get().id() != nonce) {
        continue; // not an answer to this query
      }
      String name = packet.get().text();
      int port = packet.get().index();
      if (name.isEmpty()
          || port <= 0
          || port > 65535
          || (!service.isEmpty() && !service.equals(name))) {
        continue;
      }
      found.add(
          new DiscoveredService(name, new InetSocketAddress(datagram.sender().getAddress(), port)));
    }
    return List.copyOf(new ArrayList<>(found));
  }

  /** Answers discovery queries for one service on its endpoint, until closed. */
  public static Responder respond(DatagramEndpoint endpoint, String service, int servicePort) {
    checkArgument(!service.isEmpty(), "empty service name");
    int length = service.getBytes(StandardCharsets.UTF_8).length;
    checkArgument(
        length <= MAX_SERVICE_NAME,
        "service name of %s bytes is longer than %s",
        length,
        MAX_SERVICE_NAME);
    checkArgument(servicePort > 0 && servicePort <= 65535, "bad service port: %s", servicePort);
    return new Responder(endpoint, service, servicePort);
  }

  /**
   * Answers {@code DISCOVER} datagrams that name its service (or none) with an {@code ANNOUNCE}.
   * Owns its endpoint; {@link #close()} may be called twice.
   */
  public static final class Responder implements AutoCloseable {
    private final DatagramEndpoint endpoint;
    private final String service;
    private final int servicePort;
    private final Thread thread;
    private volatile boolean open = true;

    private Responder(DatagramEndpoint endpoint, String service, int servicePort) {
      this.endpoint = endpoint;
      this.service = service;
      this.servicePort = servicePort;
      this.thread =
          Thread.ofPlatform()
              .daemon()
              .name("capas-udp-discovery-" + endpoint.localAddress().getPort())
              .start(this::loop);
    }

    public InetSocketAddress address() {
      return endpoint.localAddress();
    }

    private void loop() {
      while (open) {
        try {
          Datagram datagram = endpoint.receive(Duration.ZERO);
          Optional<Wire.Packet> query = Wire.decode(datagram.data(), 0);
          if (query.isEmpty() || query.get().type() != Wire.DISCOVER) {
            continue;
          }
          String wanted = query.get().text();
          if (wanted.isEmpty() || wanted.equals(service)) {
            endpoint.send(
                Wire.text(Wire.ANNOUNCE, query.get().id(), servicePort, service),
                datagram.sender());
          }
        } catch (IOException e) {
          if (open) {
            LOGGER.log(DEBUG, "discovery responder on " + endpoint.localAddress(), e);
          }
        }
      }
    }

    @Override
    public void close() {
      if (!open) {
        return;
      }
      open = false;
      endpoint.close();
      if (Thread.currentThread() != thread) {
        try {
          thread.join(5_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
