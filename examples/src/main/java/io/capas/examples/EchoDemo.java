package io.capas.examples;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.util.List;

/**
 * The echo example end to end in one process: starts {@link EchoServer} on a free loopback port,
 * runs {@link EchoClient} with a few lines, prints the exchange and exits 0 (1 if an echo differs).
 */
public final class EchoDemo {

  static final List<String> LINES = List.of("hola", "¿qué tal?", "capas: sockets, framing, rpc");

  private EchoDemo() {}

  /** Runs the demo, writing the exchange to {@code out}; true when every echo matched. */
  static boolean run(PrintStream out) throws IOException {
    try (EchoServer server = EchoServer.start("127.0.0.1", 0)) {
      out.println("echo server listening on " + server.address());
      String input = String.join("\n", LINES) + "\nexit\nnot sent\n";
      ByteArrayOutputStream echoed = new ByteArrayOutputStream();
      try (PrintStream sink = new PrintStream(echoed, true, UTF_8)) {
        EchoClient.run(
            "127.0.0.1", server.port(), new BufferedReader(new StringReader(input)), sink);
      }
      List<String> answers = echoed.toString(UTF_8).lines().toList();
      for (int i = 0; i < LINES.size(); i++) {
        out.println("> " + LINES.get(i));
        out.println("< " + (i < answers.size() ? answers.get(i) : "(nothing)"));
      }
      out.println("> exit");
      boolean ok = answers.equals(LINES);
      out.println(ok ? "echo demo: ok" : "echo demo: FAILED");
      return ok;
    }
  }

  public static void main(String[] args) throws IOException {
    PrintStream out = new PrintStream(System.out, true, UTF_8);
    System.exit(run(out) ? 0 : 1);
  }
}
