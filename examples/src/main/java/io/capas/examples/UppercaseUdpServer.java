package io.capas.examples;

import static java.lang.System.Logger.Level.DEBUG;
import static java.nio.charset.StandardCharsets.UTF_8;

import io.capas.socket.Threads;
import io.capas.socket.UdpSocket;
import io.capas.transport.Datagram;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;

/**
 * The uppercase service over UDP with a plain {@link UdpSocket}: each datagram is answered to its
 * sender in upper case. No retries: a lost datagram is the client's timeout.
 *
 * <p>Safe for concurrent use; {@link #close()} stops it.
 */
public final class UppercaseUdpServer implements AutoCloseable {

  private static final System.Logger LOGGER = System.getLogger(UppercaseUdpServer.class.getName());

  private final UdpSocket socket;
  private final Thread loop;

  private UppercaseUdpServer(UdpSocket socket) {
    this.socket = socket;
    this.loop = Threads.start("uppercase-udp-" + socket.port(), this::serve);
  }

  /** Binds {@code host} ({@code "*"}: every interface) and {@code port} (0: a free one). */
  public static UppercaseUdpServer start(String host, int port) throws IOException {
    return new UppercaseUdpServer(UdpSocket.bind(host, port));
  }

  public InetSocketAddress address() {
    return socket.localAddress();
  }

  private void serve() {
    while (!socket.isClosed()) {
      try {
        Datagram request = socket.receive(Duration.ZERO);
        String upper = new String(request.data(), UTF_8).toUpperCase(Locale.ROOT);
        socket.send(upper.getBytes(UTF_8), request.sender());
      } catch (IOException e) {
        LOGGER.log(DEBUG, () -> "uppercase udp: " + e);
      }
    }
  }

  /** One request: sends {@code text} to {@code server} and waits at most {@code timeout}. */
  public static String call(InetSocketAddress server, String text, Duration timeout)
      throws IOException {
    try (UdpSocket client = UdpSocket.open()) {
      client.send(text.getBytes(UTF_8), server);
      return new String(client.receive(timeout).data(), UTF_8);
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

  /** {@code UppercaseUdpServer [port]} (default 7779): serves until the process is stopped. */
  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 7779;
    UppercaseUdpServer server = start("*", port);
    System.out.println("uppercase udp server listening on " + server.address());
    server.loop.join();
  }
}
