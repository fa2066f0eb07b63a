package io.capas.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.rpc.RpcFault;
import io.capas.rpc.RpcServer;
import io.capas.transport.Endpoint;
import io.capas.transport.tcp.TcpConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** capas call / demo / serve as a user runs them: outputs and exit codes. */
class CommandsTest {
  private static RpcServer server;

  @BeforeAll
  static void start() {
    server =
        ExampleMethods.register(
                DaggerXmlRpcHttpTcpComponent.factory()
                    .create(TcpConfig.defaults())
                    .servers()
                    .create(Endpoint.of("127.0.0.1", 0)))
            .start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  record Run(int exit, String out, String err) {}

  static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = Main.run(args, new PrintStream(out, true, UTF_8), new PrintStream(err, true, UTF_8));
    return new Run(exit, out.toString(UTF_8), err.toString(UTF_8));
  }

  @Test
  void callPrintsTheResultAsJson() {
    assertEquals(new Run(0, "5\n", ""), run("call", server.url(), "suma", "2", "3"));
    assertEquals(
        new Run(0, "[2.0, 1.0]\n", ""), run("call", server.url(), "quadratic", "1", "-3", "2"));
    assertEquals(
        new Run(0, "\"hola mundo\"\n", ""),
        run("call", server.url(), "addtogether", "\"hola\"", "\" \"", "\"mundo\""));
    String struct =
        "{\"a\": [1, 2.5, true, null, \"x\"], "
            + "\"t\": {\"$dateTime.iso8601\": \"19980717T14:08:55\"}, "
            + "\"b\": {\"$base64\": \"AAEC\"}, \"big\": 4294967296}";
    assertEquals(new Run(0, struct + "\n", ""), run("call", server.url(), "echo", struct));
  }

  @Test
  void faultExitsOneWithCodeAndString() {
    Run r = run("call", server.url(), "nope");
    assertEquals(1, r.exit());
    assertEquals("", r.out());
    assertEquals("fault -32601: method nope not found\n", r.err());
  }

  /** Issue 12 item 12: a hostile faultString is printed on one line, control characters escaped. */
  @Test
  void faultStringIsPrintedOnOneEscapedLine() {
    // C0 controls other than tab and newline cannot cross XML 1.0; C1 controls and U+2028 can.
    String hostile = "first\nsecond\nthird \u009b31m red\t\\ \u2028end";
    try (RpcServer evil =
        DaggerXmlRpcHttpTcpComponent.factory()
            .create(TcpConfig.defaults())
            .servers()
            .create(Endpoint.of("127.0.0.1", 0))
            .addMethod(
                "hostile",
                params -> {
                  throw new RpcFault(4, hostile);
                })
            .start()) {
      Run r = run("call", evil.url(), "hostile");
      assertEquals(1, r.exit());
      assertEquals("fault 4: first\\nsecond\\nthird \\u009b31m red\\t\\\\ \\u2028end\n", r.err());
    }
  }

  @Test
  void otherFailuresExitTwoWithOneShortLine() {
    for (String[] args :
        new String[][] {
          {"call", "http://127.0.0.1:1/RPC2", "suma", "1", "2"},
          {"call", server.url(), "suma", "hola"},
          {"call", "ftp://x/", "suma"},
          {"call", server.url().replace("/RPC2", "/nothere"), "suma", "1", "2"},
          {"call", "--timeout", "zero", server.url(), "suma"},
          {"call", server.url()},
          {"serve", "--port", "0", "--pool-size", "many"},
          {"serve", "--port", "0", "--pool-size", "0"},
          {"serve", "--port", "0", "--selector-threads", "257"},
          {"serve", "--port", "0", "--offload-after-ms", "-1"},
          {"frobnicate"}
        }) {
      Run r = run(args);
      assertEquals(2, r.exit(), () -> String.join(" ", args) + " -> " + r);
      assertEquals("", r.out());
      assertFalse(r.err().contains("\tat "), r::err);
      assertFalse(r.err().isBlank(), r::err);
    }
    Run refused = run("call", "http://127.0.0.1:1/RPC2", "suma", "1", "2");
    assertEquals(1, refused.err().lines().count(), refused::err);
    assertTrue(refused.err().contains("127.0.0.1:1"), refused::err);
  }

  @Test
  void traceShowsTheRawExchange() {
    Run r = run("call", "--trace", server.url(), "suma", "2", "3");
    assertEquals(0, r.exit());
    assertEquals("5\n", r.out());
    assertTrue(r.err().contains("POST /RPC2 HTTP/1.1"), r::err);
    assertTrue(r.err().contains("<methodName>suma</methodName>"), r::err);
    assertTrue(r.err().contains("HTTP/1.1 200 OK"), r::err);
  }

  /** --trace shows the raw exchange, but a server's terminal controls are escaped in it. */
  @Test
  void traceEscapesTerminalControls() {
    assertEquals(
        "HTTP/1.1 200 OK\r\n\tx \\u009b31m \\u001b[2J \\u202e",
        CallCommand.traced("HTTP/1.1 200 OK\r\n\tx \u009b31m \u001b[2J \u202e"));
  }

  @Test
  void demoRunsTheExampleCalls() {
    Run r = run("demo");
    assertEquals(0, r.exit(), r::toString);
    assertTrue(r.out().contains("conn.suma(2, 3)  -> 5"), r::out);
    assertTrue(r.out().contains("quadratic(1, -3, 2)  -> [2.0, 1.0]"), r::out);
  }

  @Test
  void serveOverUdpPrintsItsUrlAndAnswersCalls() throws Exception {
    try (Cli.Serving serving = Cli.Serving.start("--transport", "udp", "--port", "0")) {
      assertTrue(
          serving.ready.startsWith("capas: serving XML-RPC on udp://localhost:"), serving.ready);
      String url = serving.url("udp://");
      assertEquals(new Run(0, "5\n", ""), run("call", "--timeout", "10", url, "suma", "2", "3"));
      assertEquals(1, run("call", url, "nope").exit());
    }
  }

  /** Issue 18: capas serve --binding picks the binding; framed:// is reached by capas call. */
  @Test
  void serveWithTheFramedBindingAnswersFramedCalls() throws Exception {
    try (Cli.Serving serving =
        Cli.Serving.start("--binding", "framed", "--host", "127.0.0.1", "--port", "0")) {
      assertTrue(serving.ready.startsWith("capas: serving XML-RPC on framed://"), serving.ready);
      assertEquals(new Run(0, "5\n", ""), run("call", serving.url("framed://"), "suma", "2", "3"));
    }
  }

  @Test
  void serveOverTcpWithEachModel() throws Exception {
    for (String model : new String[] {"sequential", "threads", "pool", "multiplex"}) {
      // The sizing options are accepted with every model (each model reads its own).
      try (Cli.Serving serving =
          Cli.Serving.start(
              "--port", "0", "--model", model, "--pool-size", "3", "--selector-threads", "3")) {
        String url = serving.url("http://");
        assertEquals(new Run(0, "7\n", ""), run("call", url, "suma", "3", "4"), model);
        assertEquals(new Run(0, "[\"x\"]\n", ""), run("call", url, "echo", "[\"x\"]"), model);
      }
    }
  }
}
