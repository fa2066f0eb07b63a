package io.capas.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code capas serve --scgi} and {@code capas call scgi://...}, and the schemes of call --help. */
class ScgiCallTest {
  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = Main.run(args, new PrintStream(out, true, UTF_8), new PrintStream(err, true, UTF_8));
    return new Run(exit, out.toString(UTF_8), err.toString(UTF_8));
  }

  @Test
  void serveScgiAnswersCallScgi() throws Exception {
    PipedInputStream pipe = new PipedInputStream();
    PrintStream out = new PrintStream(new PipedOutputStream(pipe), true, UTF_8);
    Thread serving =
        Thread.ofVirtual()
            .start(
                () ->
                    ServeCommand.run(
                        new String[] {"--scgi", "--host", "127.0.0.1", "--port", "0"},
                        out,
                        System.err));
    try {
      BufferedReader lines = new BufferedReader(new InputStreamReader(pipe, UTF_8));
      String ready =
          CompletableFuture.supplyAsync(
                  () -> {
                    try {
                      return lines.readLine();
                    } catch (IOException e) {
                      throw new UncheckedIOException(e);
                    }
                  })
              .get(30, TimeUnit.SECONDS);
      assertTrue(ready.startsWith("capas: serving XML-RPC on scgi://127.0.0.1:"), ready);
      String url = ready.substring(ready.indexOf("scgi://"));
      assertEquals(new Run(0, "5\n", ""), run("call", "--timeout", "10", url, "suma", "2", "3"));
      assertEquals(
          new Run(0, "\"hola\"\n", ""), run("call", url, "addtogether", "\"ho\"", "\"la\""));
      assertEquals(1, run("call", url, "nope").exit());
      // An HTTP client at an SCGI port gets no XML-RPC answer: a failure, not a hang.
      assertEquals(
          2,
          run("call", "--timeout", "10", url.replace("scgi://", "http://"), "suma", "1", "2")
              .exit());
    } finally {
      serving.interrupt();
      serving.join(TimeUnit.SECONDS.toMillis(30));
    }
    assertFalse(serving.isAlive());
  }

  @Test
  void callHelpListsEveryScheme() {
    Run help = run("call", "--help");
    assertEquals(0, help.exit());
    for (String form :
        new String[] {
          "http://HOST[:PORT]/PATH",
          "https://HOST[:PORT]/PATH",
          "framed://HOST:PORT",
          "scgi://HOST:PORT",
          "udp://HOST:PORT"
        }) {
      assertTrue(help.out().contains(form), help.out());
    }
  }

  @Test
  void anUnknownSchemeIsAUsageErrorNamingTheKnownOnes() {
    Run unknown = run("call", "gopher://localhost:70", "suma");
    assertEquals(Main.FAILURE, unknown.exit());
    assertTrue(
        unknown
            .err()
            .contains("schemes: http, https, unix, http+unix, framed, scgi, scgi+unix, udp"),
        unknown.err());
    Run noPort = run("call", "scgi://localhost", "suma");
    assertEquals(Main.FAILURE, noPort.exit());
    assertTrue(noPort.err().contains("no port"), noPort.err());
  }

  @Test
  void serveScgiRefusesTls() {
    Run refused = run("serve", "--scgi", "--tls-cert", "a.pem", "--tls-key", "b.pem");
    assertEquals(Main.FAILURE, refused.exit());
    assertTrue(refused.err().contains("--scgi is plain TCP"), refused.err());
  }
}
