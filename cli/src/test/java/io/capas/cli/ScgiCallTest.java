package io.capas.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
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
    try (Cli.Serving serving = Cli.Serving.start("--scgi", "--host", "127.0.0.1", "--port", "0")) {
      String ready = serving.ready;
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
    }
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
