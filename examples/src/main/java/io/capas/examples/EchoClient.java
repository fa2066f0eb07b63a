package io.capas.examples;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.capas.socket.TcpClient;
import io.capas.socket.TcpMaster;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.time.Duration;

/**
 * The line client of {@link EchoServer}: reads lines from its input, sends each to the server, and
 * prints what comes back, until the line {@code exit} or the end of input.
 *
 * <p>Not thread-safe; one run at a time.
 */
public final class EchoClient {

  /** How long the client waits for the connection and for each echo. */
  public static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** The most lines one run sends. */
  public static final int MAX_LINES = 1_000_000;

  private EchoClient() {}

  /**
   * Runs the client against {@code host:port}.
   *
   * @return the number of lines echoed
   */
  public static int run(String host, int port, BufferedReader in, PrintStream out)
      throws IOException {
    try (TcpClient client = TcpMaster.create().timeout(TIMEOUT).connect(host, port)) {
      int echoed = 0;
      for (String line; echoed < MAX_LINES && (line = in.readLine()) != null; ) {
        if (line.equals("exit")) {
          break;
        }
        client.sendAll((line + "\n").getBytes(UTF_8));
        String echo = client.receiveLine(EchoServer.MAX_LINE);
        if (echo == null) {
          throw new EOFException("the server closed the connection");
        }
        out.println(echo);
        echoed++;
      }
      return echoed;
    }
  }

  /** {@code EchoClient [host] [port]} (defaults localhost 7777); reads standard input. */
  public static void main(String[] args) throws IOException {
    String host = args.length > 0 ? args[0] : "localhost";
    int port = args.length > 1 ? Integer.parseInt(args[1]) : 7777;
    run(host, port, new BufferedReader(new InputStreamReader(System.in, UTF_8)), System.out);
  }
}
