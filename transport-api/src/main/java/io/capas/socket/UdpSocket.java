package io.capas.socket;

import static com.google.common.base.Preconditions.checkArgument;

import io.capas.transport.Datagram;
import io.capas.transport.DatagramEndpoint;
import io.capas.transport.HostResolver;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;

/**
 * A UDP socket: sends datagrams to (host, port) and receives them with their sender.
 *
 * <pre>{@code
 * try (UdpSocket server = UdpSocket.bind("127.0.0.1", 0); UdpSocket client = UdpSocket.open()) {
 *   client.send("hola".getBytes(UTF_8), server.localAddress());
 *   Datagram d = server.receive(Duration.ofSeconds(5));
 *   server.send(d.data(), d.sender());
 * }
 * }</pre>
 *
 * <p>Sending and receiving may happen from different threads; receives are serialized. A received
 * datagram longer than {@link #maxDatagramSize} is cut to it, as LuaSocket does. {@link #close()}
 * is idempotent and wakes a blocked receiver, which then fails with a {@link SocketException}.
 */
public final class UdpSocket implements DatagramEndpoint {

  /** LuaSocket's default datagram size. */
  public static final int DEFAULT_MAX_DATAGRAM = 8192;

  /** The largest UDP payload over IPv4. */
  public static final int MAX_UDP_PAYLOAD = 65_507;

  private final DatagramSocket socket;
  private final InetSocketAddress local;
  private final HostResolver resolver;
  private volatile int maxDatagramSize = DEFAULT_MAX_DATAGRAM;
  private volatile Duration timeout = Duration.ZERO;

  private UdpSocket(DatagramSocket socket, HostResolver resolver) {
    this.socket = socket;
    this.local = (InetSocketAddress) socket.getLocalSocketAddress();
    this.resolver = resolver;
  }

  /** A socket bound to a free port on every interface (the system would bind at first send). */
  public static UdpSocket open() throws IOException {
    return bind(new InetSocketAddress(0));
  }

  /**
   * A socket bound to {@code host} ({@code "*"}: every interface) and {@code port} (0: a free one).
   */
  public static UdpSocket bind(String host, int port) throws IOException {
    checkArgument(port >= 0 && port <= 65535, "port out of range: %s", port);
    if (host.equals("*")) {
      return bind(new InetSocketAddress(port));
    }
    return bind(Dns.addrinfo(host, port).get(0));
  }

  /** A socket bound to {@code address}. */
  public static UdpSocket bind(InetSocketAddress address) throws IOException {
    DatagramSocket socket = new DatagramSocket(null);
    try {
      socket.bind(address);
    } catch (SocketException e) {
      socket.close();
      SocketException named = new SocketException("bind udp " + address + ": " + e.getMessage());
      named.initCause(e);
      throw named;
    }
    return new UdpSocket(socket, HostResolver.system());
  }

  /** Sends one datagram to {@code to}; never blocks for long. */
  @Override
  public void send(byte[] data, InetSocketAddress to) throws IOException {
    checkArgument(!to.isUnresolved(), "unresolved address: %s", to);
    checkArgument(data.length <= MAX_UDP_PAYLOAD, "datagram of %s bytes is too large", data.length);
    try {
      socket.send(new DatagramPacket(data, data.length, to));
    } catch (SocketException e) {
      if (socket.isClosed()) {
        throw e;
      }
      SocketException named = new SocketException("send udp to " + to + ": " + e.getMessage());
      named.initCause(e);
      throw named;
    }
  }

  /** Resolves {@code host} (first address) and sends one datagram there. */
  public void send(byte[] data, String host, int port) throws IOException {
    checkArgument(port > 0 && port <= 65535, "port out of range: %s", port);
    send(data, new InetSocketAddress(Dns.resolveAll(resolver, host).get(0), port));
  }

  /** Receives with the socket's default timeout (see {@link #timeout(Duration)}). */
  public Datagram receive() throws IOException {
    return receive(timeout);
  }

  @Override
  public Datagram receive(Duration wait) throws IOException {
    int millis = TcpClient.toMillis(wait);
    byte[] buffer = new byte[maxDatagramSize];
    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
    synchronized (this) {
      socket.setSoTimeout(millis);
      try {
        socket.receive(packet);
      } catch (SocketTimeoutException e) {
        SocketTimeoutException named =
            new SocketTimeoutException("receive on udp " + local + " timed out after " + wait);
        named.initCause(e);
        throw named;
      }
    }
    return new Datagram(
        Arrays.copyOf(buffer, packet.getLength()), (InetSocketAddress) packet.getSocketAddress());
  }

  /** Sets the default receive timeout ({@link Duration#ZERO}: no bound). */
  public UdpSocket timeout(Duration value) {
    checkArgument(!value.isNegative(), "negative timeout: %s", value);
    this.timeout = value;
    return this;
  }

  /** Allows or forbids sending to broadcast addresses ({@code setoption('broadcast', on)}). */
  public UdpSocket broadcast(boolean on) throws SocketException {
    socket.setBroadcast(on);
    return this;
  }

  public boolean broadcast() throws SocketException {
    return socket.getBroadcast();
  }

  /** Sets the longest datagram kept by {@link #receive}; longer ones are cut. */
  public UdpSocket maxDatagramSize(int bytes) {
    checkArgument(bytes > 0 && bytes <= MAX_UDP_PAYLOAD, "bad datagram size: %s", bytes);
    this.maxDatagramSize = bytes;
    return this;
  }

  @Override
  public InetSocketAddress localAddress() {
    return local;
  }

  public int port() {
    return local.getPort();
  }

  public boolean isClosed() {
    return socket.isClosed();
  }

  @Override
  public void close() {
    socket.close();
  }

  @Override
  public String toString() {
    return "UdpSocket[" + local + (socket.isClosed() ? ", closed]" : "]");
  }
}
