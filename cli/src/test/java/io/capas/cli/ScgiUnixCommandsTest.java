package io.capas.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code capas serve --scgi --unix PATH} and {@code capas call scgi+unix:///PATH} (issue 16). */
class ScgiUnixCommandsTest {

  @TempDir Path dir;

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = Main.run(args, new PrintStream(out, true, UTF_8), new PrintStream(err, true, UTF_8));
    return new Run(exit, out.toString(UTF_8), err.toString(UTF_8));
  }

  @Test
  void serveScgiOnAUnixSocketAnswersCallScgiUnix() throws Exception {
    Path socket = dir.resolve("scgi.sock");
    try (Cli.Serving serving = Cli.Serving.start("--scgi", "--unix", socket.toString())) {
      String ready = serving.ready;
      assertEquals("capas: serving XML-RPC on scgi+unix://" + socket, ready);
      String url = "scgi+unix://" + socket;
      assertEquals(new Run(0, "5\n", ""), run("call", "--timeout", "10", url, "suma", "2", "3"));
      assertEquals(1, run("call", url, "nope").exit());
      // An HTTP client at an SCGI socket gets no XML-RPC answer: a failure, not a hang.
      assertEquals(2, run("call", "--timeout", "10", "unix://" + socket, "suma", "1", "2").exit());
    }
    assertFalse(Files.exists(socket), "the socket file outlived capas serve");
  }

  @Test
  void scgiOnAUnixSocketStillRefusesHostAndPort() {
    Run r = run("serve", "--scgi", "--unix", dir.resolve("a.sock").toString(), "--port", "8000");
    assertEquals(2, r.exit(), r.toString());
    assertTrue(r.err().contains("no --host, --port"), r.err());
  }

  @Test
  void callHelpListsScgiUnix() {
    Run help = run("call", "--help");
    assertEquals(0, help.exit());
    assertTrue(help.out().contains("scgi+unix:///PATH/TO.sock"), help.out());
  }
}
