package io.capas.examples;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.capas.transport.Connection;
import io.capas.transport.Endpoint;
import io.capas.transport.Transport;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The slides' TCP uppercase client: it connects, sends each line with a send loop (a send may take
 * only part of the bytes, so it sends the rest until none is left), and reads the answer line. It
 * talks to {@link UppercaseServer} under any of the four server models.
 *
 * <pre>{@code
 * sent = 0
 * while sent < len(data):
 *     sent += sock.send(data[sent:])
 * }</pre>
 *
 * <p>Thread-safe (static methods only).
 */
public final class UppercaseClient {

  /** The most bytes one send hands to the socket: a small piece, so the loop shows. */
  static final int SEND_PIECE = 16;

  static final Duration TIMEOUT = Duration.ofSeconds(30);

  private UppercaseClient() {}

  /**
   * Sends every byte of {@code data} in pieces of at most {@link #SEND_PIECE}.
   *
   * @return how many sends it took
   */
  public static int sendLoop(OutputStream out, byte[] data) throws IOException {
    int sent = 0;
    int sends = 0;
    while (sent < data.length) {
      int piece = Math.min(SEND_PIECE, data.length - sent);
      out.write(data, sent, piece);
      sent += piece;
      sends++;
    }
    out.flush();
    return sends;
  }

  /** Sends each line to the uppercase server at {@code server} and returns the answers. */
  public static List<String> run(
      Transport transport, Endpoint server, List<String> lines, PrintStream out)
      throws IOException {
    try (Connection connection = transport.connect(server, TIMEOUT)) {
      connection.readTimeout(TIMEOUT);
      List<String> answers = new ArrayList<>(lines.size());
      for (String line : lines) {
        sendLoop(connection.output(), (line + "\n").getBytes(UTF_8));
        String answer = connection.receiveLine(UppercaseServer.MAX_LINE);
        if (answer == null) {
          throw new EOFException("the server closed the connection");
        }
        out.println(answer);
        answers.add(answer);
      }
      return answers;
    }
  }
}
