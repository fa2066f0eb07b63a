package io.capas.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;

/**
 * Scenario 1: the example methods' calls ({@code suma}, {@code addtogether}, {@code quadratic}) and
 * echo of every type from a client container to server containers found by their network alias
 * (Docker's resolver), over XML-RPC/HTTP/TCP ({@code capas serve}, the product itself) and over the
 * framed binding.
 */
class RpcCallsIT {

  private static final Duration LIMIT = Duration.ofSeconds(90);

  private static Network network;
  private static GenericContainer<?> httpServer;
  private static GenericContainer<?> framedServer;
  private static GenericContainer<?> client;

  @BeforeAll
  static void start() {
    network = Network.newNetwork();
    httpServer =
        Containers.jvm(
            network,
            "rpc-server",
            ".*serving XML-RPC on.*\\n",
            "io.capas.cli.Main",
            "serve",
            "--host",
            "0.0.0.0",
            "--port",
            "8080");
    framedServer =
        Containers.jvm(
            network,
            "framed-server",
            ".*ready framed.*\\n",
            "io.capas.it.ItServer",
            "framed",
            "9000");
    httpServer.start();
    framedServer.start();
    client = Containers.idle(network, "client");
  }

  @AfterAll
  static void stop() {
    for (GenericContainer<?> c : new GenericContainer<?>[] {client, framedServer, httpServer}) {
      if (c != null) {
        c.stop();
      }
    }
    if (network != null) {
      network.close();
    }
  }

  @Test
  void everyTypeSurvivesTheRoundTripOverHttp() {
    assertAllOk(
        Containers.exec(
            client, LIMIT, "io.capas.it.RpcDriver", "types", "http://rpc-server:8080/RPC2"));
  }

  @Test
  void everyTypeSurvivesTheRoundTripOverFrames() {
    assertAllOk(
        Containers.exec(
            client, LIMIT, "io.capas.it.RpcDriver", "types", "framed://framed-server:9000"));
  }

  @Test
  void theExampleCallsThroughTheCapasCommand() {
    assertCall("5", "suma", "2", "3");
    assertCall("\"hola mundo\"", "addtogether", "\"hola\"", "\" \"", "\"mundo\"");
    assertCall("10", "addtogether", "1", "2", "3", "4");
    assertCall("[2.0, 1.0]", "quadratic", "1", "-3", "2");
    assertCall("{\"a\": [1, 2.5, null, true]}", "echo", "{\"a\":[1,2.5,null,true]}");
    Containers.Run methods = capas("call", "http://rpc-server:8080/RPC2", "system.listMethods");
    assertEquals(0, methods.exitCode(), methods.stderr());
    assertTrue(
        methods.stdout().contains("\"system.multicall\"") && methods.stdout().contains("\"suma\""),
        methods.stdout());
  }

  @Test
  void aFaultIsExitOneWithItsCodeOnStderr() {
    Containers.Run run = capas("call", "http://rpc-server:8080/RPC2", "suma", "1");
    assertEquals(1, run.exitCode(), run.stdout());
    assertTrue(run.stderr().contains("-32602"), run.stderr());
  }

  @Test
  void anUnknownHostIsExitTwoWithOneLine() {
    Containers.Run run =
        capas("call", "--timeout", "10", "http://no-such-host.invalid:8080/RPC2", "suma", "1", "2");
    assertEquals(2, run.exitCode(), run.stdout());
    assertEquals(1, run.stderr().lines().count(), run.stderr());
    assertFalse(run.stderr().contains("\tat "), run.stderr());
  }

  private static void assertCall(String expected, String method, String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "call";
    all[1] = "http://rpc-server:8080/RPC2";
    all[2] = method;
    System.arraycopy(args, 0, all, 3, args.length);
    Containers.Run run = capas(all);
    assertEquals(0, run.exitCode(), run.stderr());
    assertEquals(expected, run.stdout().strip(), method);
  }

  private static Containers.Run capas(String... args) {
    return Containers.exec(client, LIMIT, "io.capas.cli.Main", args);
  }

  static void assertAllOk(Containers.Run run) {
    assertEquals(0, run.exitCode(), run.stderr());
    assertTrue(run.stdout().lines().count() >= 12, run.stdout());
    assertTrue(run.stdout().lines().allMatch(line -> line.startsWith("ok ")), run.stdout());
  }
}
