package io.capas.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EchoServerTest {

  private static List<String> runClient(int port, String input) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (PrintStream sink = new PrintStream(out, true, UTF_8)) {
      EchoClient.run("127.0.0.1", port, new BufferedReader(new StringReader(input)), sink);
    }
    return out.toString(UTF_8).lines().toList();
  }

  @Test
  void clientPrintsEveryEchoAndStopsAtExit() throws IOException {
    try (EchoServer server = EchoServer.start("127.0.0.1", 0)) {
      List<String> printed = runClient(server.port(), "uno\n\ndos tres\nexit\nnever sent\n");
      assertEquals(List.of("uno", "", "dos tres"), printed);
    }
  }

  @Test
  void clientStopsAtTheEndOfItsInputToo() throws IOException {
    try (EchoServer server = EchoServer.start("127.0.0.1", 0)) {
      assertEquals(List.of("último"), runClient(server.port(), "último"));
    }
  }

  @Test
  void servesClientsConcurrently() throws Exception {
    try (EchoServer server = EchoServer.start("127.0.0.1", 0);
        ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<List<String>>> runs = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        String line = "client " + i;
        runs.add(clients.submit(() -> runClient(server.port(), line + "\n" + line + "\nexit\n")));
      }
      for (int i = 0; i < runs.size(); i++) {
        assertEquals(List.of("client " + i, "client " + i), runs.get(i).get(30, TimeUnit.SECONDS));
      }
    }
  }

  @Test
  void demoPrintsTheExchangeAndSucceeds() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    boolean ok;
    try (PrintStream sink = new PrintStream(out, true, UTF_8)) {
      ok = EchoDemo.run(sink);
    }
    String text = out.toString(UTF_8);
    assertTrue(ok, text);
    for (String line : EchoDemo.LINES) {
      assertTrue(text.contains("> " + line + "\n< " + line + "\n"), text);
    }
    assertTrue(text.contains("echo demo: ok"), text);
  }
}
