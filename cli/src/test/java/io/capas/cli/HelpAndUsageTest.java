package io.capas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 18: every {@code --help} prints usage and exits 0; usage errors exit 2 with one line. */
class HelpAndUsageTest {

  @ParameterizedTest
  @ValueSource(strings = {"", "call", "serve", "demo", "completion"})
  void everyHelpPrintsUsageOnStdoutAndExitsZero(String command) {
    for (String flag : new String[] {"--help", "-h"}) {
      Cli.Run r = command.isEmpty() ? Cli.run(flag) : Cli.run(command, flag);
      assertEquals(0, r.exit(), r::toString);
      assertEquals("", r.err());
      assertTrue(
          r.out().startsWith("Usage: capas" + (command.isEmpty() ? "" : " " + command)), r.out());
    }
  }

  @Test
  void hftpHelpIsHftpsOwnUsage() {
    Cli.Run r = Cli.run("hftp", "--help");
    assertEquals(0, r.exit(), r::toString);
    assertTrue(r.out().contains("hftp ls HOST[:PORT]"), r.out());
  }

  @Test
  void topLevelHelpDocumentsExitCodesAndListsTheCommands() {
    String help = Cli.run("--help").out();
    assertTrue(help.contains("Exit codes:"), help);
    assertTrue(help.contains("0   success"), help);
    assertTrue(help.contains("1   the server answered with a fault"), help);
    assertTrue(help.contains("2   any other failure, or a usage error"), help);
    for (String command : new String[] {"serve", "call", "demo", "hftp", "completion"}) {
      assertTrue(help.contains("  " + command + " "), command + " missing from\n" + help);
    }
  }

  @Test
  void callHelpNamesTheNewOptionsAndArgumentForms() {
    String help = Cli.run("call", "--help").out();
    for (String text : new String[] {"--header=NAME:VALUE", "--user=USER[:PASS]", "@FILE", "-"}) {
      assertTrue(help.contains(text), text + " missing from\n" + help);
    }
  }

  @Test
  void serveHelpNamesBindingAndDrain() {
    String help = Cli.run("serve", "--help").out();
    for (String text : new String[] {"--binding=BINDING", "--drain=SECONDS", "--unix=PATH"}) {
      assertTrue(help.contains(text), text + " missing from\n" + help);
    }
  }

  @Test
  void noCommandPrintsUsageOnStderrAndExitsTwo() {
    Cli.Run r = Cli.run();
    assertEquals(2, r.exit());
    assertEquals("", r.out());
    assertTrue(r.err().startsWith("Usage: capas"), r.err());
  }

  @Test
  void usageErrorsExitTwoWithOneLine() {
    for (String[] args :
        new String[][] {
          {"frobnicate"},
          {"--frobnicate"},
          {"call"},
          {"call", "http://localhost:1/RPC2"},
          {"call", "--frobnicate", "http://localhost:1/RPC2", "suma"},
          {"call", "--timeout"},
          {"serve", "--port", "many"},
          {"serve", "--frobnicate"},
          {"serve", "--binding", "carrier-pigeon"},
          {"serve", "--drain", "-1"},
          {"serve", "--binding", "udp", "--scgi"},
          {"demo", "extra"},
          {"completion", "--frobnicate"}
        }) {
      Cli.Run r = Cli.run(args);
      String shown = String.join(" ", args) + " -> " + r;
      assertEquals(2, r.exit(), shown);
      assertEquals("", r.out(), shown);
      assertEquals(1, r.err().lines().count(), shown);
      assertTrue(r.err().startsWith("capas"), shown);
      assertFalse(r.err().contains("\tat "), shown);
    }
  }

  @Test
  void negativeNumbersAreArgumentsNotOptions() {
    Cli.Run r = Cli.run("call", "--timeout", "0.5", "http://127.0.0.1:1/RPC2", "suma", "-1", "-2");
    // Not a usage error about -1: the call itself fails (nothing listens on port 1).
    assertEquals(2, r.exit(), r::toString);
    assertTrue(r.err().contains("127.0.0.1:1"), r.err());
  }

  @Test
  void completionPrintsABashScriptForEveryCommand() {
    Cli.Run r = Cli.run("completion");
    assertEquals(0, r.exit(), r::toString);
    assertTrue(r.out().contains("complete -F"), r.out());
    for (String word : new String[] {"serve", "call", "--drain", "--header", "--user"}) {
      assertTrue(r.out().contains(word), word + " missing from the completion script");
    }
  }
}
