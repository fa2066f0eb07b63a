package io.capas.examples;

import io.capas.rpc.Client;
import io.capas.rpc.RpcServer;
import io.capas.transport.Endpoint;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * The report's RPC example: a server with {@code is_even(n)}, answering {@code "Par"} or {@code
 * "Impar"}, and a client that asks for positive numbers and prints {@code "2 es Par"} for each one,
 * until a number that is not positive (or the end of input).
 *
 * <p>Thread-safe (static methods only).
 */
public final class IsEven {

  /** The server's default port. */
  public static final int PORT = 8001;

  /** The prompt before each number. */
  public static final String PROMPT = "Introduce un número positivo (0 para terminar): ";

  /** The most numbers one client run asks. */
  public static final int MAX_QUESTIONS = 100_000;

  private IsEven() {}

  /** {@code "Par"} for an even {@code n}, {@code "Impar"} for an odd one. */
  public static String isEven(int n) {
    return n % 2 == 0 ? "Par" : "Impar";
  }

  /** The server with {@code is_even} registered, not yet started. */
  public static RpcServer server(String host, int port) {
    return RpcServer.http(Tcp.transport(), Endpoint.of(host, port))
        .addFunction("is_even", String.class, Integer.class, IsEven::isEven);
  }

  /**
   * The client loop: prompts, reads a number from {@code in}, calls {@code is_even} and prints
   * {@code "N es Par"} or {@code "N es Impar"}; a line that is not a number is answered and asked
   * again; a number below 1 or the end of input ends it.
   *
   * @return how many numbers were answered
   */
  public static int client(String host, int port, BufferedReader in, PrintStream out)
      throws IOException {
    try (Client conn = Client.connect(host, port)) {
      int answered = 0;
      for (int asked = 0; asked < MAX_QUESTIONS; asked++) {
        out.print(PROMPT);
        out.flush();
        String line = in.readLine();
        if (line == null) {
          out.println();
          break;
        }
        int n;
        try {
          n = Integer.parseInt(line.strip());
        } catch (NumberFormatException e) {
          out.println("'" + line.strip() + "' no es un número");
          continue;
        }
        if (n <= 0) {
          break;
        }
        out.println(n + " es " + conn.call(String.class, "is_even", n));
        answered++;
      }
      return answered;
    }
  }

  static void serve(List<String> args, PrintStream out) throws InterruptedException {
    try (RpcServer server =
        server(Examples.arg(args, 0, "127.0.0.1"), Examples.port(args, 1, PORT)).start()) {
      out.println("is_even server at " + server.url());
      server.serve();
    }
  }
}
