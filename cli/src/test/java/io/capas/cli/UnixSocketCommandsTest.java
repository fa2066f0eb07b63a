package io.capas.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code capas serve --unix PATH} and {@code capas call unix://...}, as a user runs them. */
class UnixSocketCommandsTest {

  @TempDir Path dir;

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = Main.run(args, new PrintStream(out, true, UTF_8), new PrintStream(err, true, UTF_8));
    return new Run(exit, out.toString(UTF_8), err.toString(UTF_8));
  }

  /** Runs {@code capas serve ARGS} until {@code calls} has run; returns the URL it printed. */
  private static String serving(String[] args, ThrowingConsumer calls) throws Exception {
    try (Cli.Serving serving = Cli.Serving.start(args)) {
      assertTrue(serving.ready.startsWith("capas: serving XML-RPC on http+unix://"), serving.ready);
      String url = serving.url("http+unix://");
      calls.accept(url);
      return url;
    }
  }

  @FunctionalInterface
  private interface ThrowingConsumer {
    void accept(String url) throws Exception;
  }

  @Test
  void serveUnixAnswersBothUrlFormsAndRemovesItsSocket() throws Exception {
    Path socket = dir.resolve("capas.sock");
    serving(
        new String[] {"--unix", socket.toString()},
        url -> {
          assertEquals(
              "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
          assertEquals(new Run(0, "5\n", ""), run("call", url, "suma", "2", "3"));
          assertEquals(new Run(0, "5\n", ""), run("call", "unix://" + socket, "suma", "2", "3"));
        });
    assertFalse(Files.exists(socket), "the socket file outlived capas serve");
  }

  @Test
  void serveUnixTakesAModeAndRemovesAStaleSocketWhenAsked() throws Exception {
    Path socket = dir.resolve("stale.sock");
    try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      dead.bind(UnixDomainSocketAddress.of(socket));
    }
    Run refused = run("serve", "--unix", socket.toString());
    assertEquals(2, refused.exit(), refused.toString());
    assertTrue(refused.err().contains("stale"), refused.err());
    serving(
        new String[] {"--unix", socket.toString(), "--unix-mode", "rw-rw----", "--remove-stale"},
        url -> {
          assertEquals(
              "rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
          assertEquals(new Run(0, "5\n", ""), run("call", url, "suma", "2", "3"));
        });
  }

  @Test
  void callHelpListsEveryScheme() {
    Run help = run("call", "--help");
    assertEquals(0, help.exit());
    for (String scheme :
        new String[] {"http://", "https://", "unix://", "http+unix://", "framed://", "udp://"}) {
      assertTrue(help.out().contains(scheme), scheme + " missing from\n" + help.out());
    }
  }

  @Test
  void unixUsageErrorsAreOneLine() {
    for (String[] args :
        new String[][] {
          {"serve", "--unix", dir.resolve("a.sock").toString(), "--port", "8000"},
          {"serve", "--unix", dir.resolve("b.sock").toString(), "--unix-mode", "rwx"},
          {"call", "unix:relative.sock", "suma", "1", "2"},
        }) {
      Run r = run(args);
      assertEquals(2, r.exit(), r.toString());
      assertEquals(1, r.err().strip().lines().count(), r.err());
    }
    Run none = run("call", "unix://" + dir.resolve("none.sock"), "suma", "1", "2");
    assertEquals(2, none.exit(), none.toString());
    assertTrue(none.err().contains("none.sock"), none.err());
  }
}
