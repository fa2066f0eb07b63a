package io.capas.examples;

import static java.lang.System.Logger.Level.DEBUG;
import static java.nio.charset.StandardCharsets.UTF_8;

import io.capas.socket.Threads;
import io.capas.socket.UdpSocket;
import io.capas.transport.Datagram;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The slides' broadcast pair: a server that prints every datagram it receives ("The client at
 * ADDRESS says: TEXT"), and a client that switches broadcasting on ({@code SO_BROADCAST}) and sends
 * one datagram to a broadcast address.
 *
 * <p>The default address is {@value #LOOPBACK_BROADCAST}, the broadcast address of the loopback
 * network: the datagram stays on this host. A server bound to that address receives loopback
 * broadcasts and nothing from the LAN; one bound to {@code *} receives both. Sending to the LAN's
 * broadcast address is the user's explicit choice.
 *
 * <p>Safe for concurrent use; {@link #close()} stops the server.
 */
public final class Broadcast implements AutoCloseable {

  private static final System.Logger LOGGER = System.getLogger(Broadcast.class.getName());

  /** The loopback network's broadcast address. */
  public static final String LOOPBACK_BROADCAST = "127.255.255.255";

  /** The default port. */
  public static final int PORT = 7780;

  private final UdpSocket socket;
  private final Thread loop;

  private Broadcast(UdpSocket socket, Consumer<String> sink) {
    this.socket = socket;
    this.loop = Threads.start("broadcast-" + socket.port(), () -> serve(sink));
  }

  /**
   * Binds {@code host} and {@code port} (0: a free one) and hands each message, as "The client at
   * ADDRESS says: TEXT", to {@code sink}.
   */
  public static Broadcast listen(String host, int port, Consumer<String> sink) throws IOException {
    return new Broadcast(UdpSocket.bind(host, port), sink);
  }

  public InetSocketAddress address() {
    return socket.localAddress();
  }

  private void serve(Consumer<String> sink) {
    while (!socket.isClosed()) {
      try {
        Datagram datagram = socket.receive(Duration.ZERO);
        sink.accept(
            "The client at " + datagram.sender() + " says: " + new String(datagram.data(), UTF_8));
      } catch (IOException e) {
        LOGGER.log(DEBUG, () -> "broadcast server: " + e);
      }
    }
  }

  /** Sends {@code text} as one datagram to the broadcast address {@code address:port}. */
  public static void send(String address, int port, String text) throws IOException {
    try (UdpSocket socket = UdpSocket.open()) {
      socket.broadcast(true);
      socket.send(text.getBytes(UTF_8), address, port);
    }
  }

  @Override
  public void close() {
    socket.close();
    try {
      loop.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Serves until the thread is interrupted, printing on {@code out}. */
  static void serve(String host, int port, PrintStream out) throws Exception {
    try (Broadcast server = listen(host, port, out::println)) {
      out.println("Listening for broadcasts at " + server.address());
      server.loop.join();
    }
  }
}
