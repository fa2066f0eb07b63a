package io.capas.examples;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.capas.socket.TcpClient;
import io.capas.socket.TcpMaster;
import io.capas.socket.TcpServer;
import io.capas.transport.Connection;
import java.io.EOFException;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;

/**
 * The slides' {@code recvall}: a stream socket's read returns whatever has arrived, so reading a
 * message of known length loops until it has every byte. The server reads exactly sixteen bytes
 * ("Hi there, server") and answers sixteen ("Farewell, client").
 *
 * <pre>{@code
 * def recvall(sock, length):
 *     data = b''
 *     while len(data) < length:
 *         more = sock.recv(length - len(data))
 *         if not more:
 *             raise EOFError('was expecting %d bytes but only received %d bytes before the socket closed')
 *         data += more
 *     return data
 * }</pre>
 *
 * <p>Thread-safe (static methods only).
 */
public final class RecvAll {

  /** The default port. */
  public static final int PORT = 7781;

  /** What the client sends: sixteen octets. */
  public static final String QUESTION = "Hi there, server";

  /** What the server answers: sixteen octets. */
  public static final String ANSWER = "Farewell, client";

  static final Duration TIMEOUT = Duration.ofSeconds(30);

  private RecvAll() {}

  /**
   * Reads exactly {@code length} bytes, looping over partial reads.
   *
   * @throws EOFException the peer closed before {@code length} bytes came
   */
  public static byte[] recvall(Connection connection, int length) throws IOException {
    byte[] data = new byte[length];
    int received = 0;
    // Bounded: each round receives at least one byte or ends.
    while (received < length) {
      byte[] more = connection.receiveSome(length - received);
      if (more.length == 0) {
        throw new EOFException(
            "was expecting "
                + length
                + " bytes but only received "
                + received
                + " bytes before the socket closed");
      }
      System.arraycopy(more, 0, data, received, more.length);
      received += more.length;
    }
    return data;
  }

  /**
   * Serves {@code count} clients one after the other on {@code listener}, printing each message.
   */
  public static void serve(TcpServer listener, int count, PrintStream out) throws IOException {
    for (int i = 0; i < count; i++) {
      try (TcpClient client = listener.accept()) {
        client.readTimeout(TIMEOUT);
        out.println("We have accepted a connection from " + client.remoteAddress());
        String message = new String(recvall(client, 16), US_ASCII);
        out.println("  Incoming sixteen-octet message: " + message);
        client.sendAll(ANSWER.getBytes(US_ASCII));
        out.println("  Reply sent, socket closed");
      }
    }
  }

  /** Sends {@link #QUESTION}, reads the sixteen-octet answer with {@link #recvall}, returns it. */
  public static String client(String host, int port, PrintStream out) throws IOException {
    try (TcpClient client = TcpMaster.create().timeout(TIMEOUT).connect(host, port)) {
      out.println("Client has been assigned socket name " + client.localAddress());
      client.sendAll(QUESTION.getBytes(US_ASCII));
      String reply = new String(recvall(client, 16), US_ASCII);
      out.println("The server said " + reply);
      return reply;
    }
  }

  static void server(String host, int port, PrintStream out) throws IOException {
    try (TcpServer listener = TcpMaster.create().bind(host, port).listen(1)) {
      out.println("Listening at " + listener.localAddress());
      serve(listener, Integer.MAX_VALUE, out);
    }
  }
}
