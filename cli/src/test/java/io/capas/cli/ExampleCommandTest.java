package io.capas.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.examples.Examples;
import io.capas.examples.IsEven;
import io.capas.examples.Suma;
import io.capas.rpc.RpcServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

/** {@code capas example NAME}: lists the examples and runs them by name. */
class ExampleCommandTest {

  record Run(int exit, String out, String err) {}

  private static Run run(String input, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        ExampleCommand.run(
            args,
            new ByteArrayInputStream(input.getBytes(UTF_8)),
            new PrintStream(out, true, UTF_8),
            new PrintStream(err, true, UTF_8));
    return new Run(exit, out.toString(UTF_8), err.toString(UTF_8));
  }

  @Test
  void withNoNameListsEveryExample() {
    Run r = run("");
    assertEquals(0, r.exit());
    for (Examples.Example example : Examples.all()) {
      assertTrue(r.out().contains("  " + example.name()), r::out);
    }
  }

  @Test
  void runsAClientAgainstItsServer() {
    try (RpcServer server = Suma.server("127.0.0.1", 0).start()) {
      assertEquals(
          new Run(0, "5\n", ""),
          run("", "suma-client", "127.0.0.1", String.valueOf(server.port())));
    }
  }

  @Test
  void runsAProgramReadingStandardInput() {
    try (RpcServer server = IsEven.server("127.0.0.1", 0).start()) {
      Run r = run("2\n0\n", "is-even-client", "127.0.0.1", String.valueOf(server.port()));
      assertEquals(0, r.exit(), r::err);
      assertTrue(r.out().contains("2 es Par\n"), r::out);
    }
  }

  @Test
  void isACommandOfMain() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        Main.run(
            new String[] {"example", "byte-order"},
            new PrintStream(out, true, UTF_8),
            new PrintStream(err, true, UTF_8));
    assertEquals(0, exit, () -> err.toString(UTF_8));
    assertTrue(out.toString(UTF_8).startsWith("pack('!i', 1234) -> 00 00 04 d2\n"));
  }

  @Test
  void anUnknownExampleExitsTwo() {
    Run r = run("", "nope");
    assertEquals(2, r.exit());
    assertTrue(r.err().startsWith("unknown example nope\n"), r::err);
  }
}
