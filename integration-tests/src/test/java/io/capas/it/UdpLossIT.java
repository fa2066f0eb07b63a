package io.capas.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.dockerjava.api.model.Capability;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * Scenario 2: XML-RPC over reliable UDP between containers with packet loss injected by nftables in
 * each container's own network namespace: 20% of the requests dropped on the server's input, 20% of
 * the replies on the client's. Every call completes, and each ran exactly once.
 */
class UdpLossIT {

  private static final Duration LIMIT = Duration.ofMinutes(5);
  private static final int CALLS = 300;

  private static Network network;
  private static GenericContainer<?> server;
  private static GenericContainer<?> client;

  /**
   * A shell line that drops {@code percent}% of the UDP datagrams matching {@code match} on input.
   */
  static String dropRule(String match, int percent) {
    return "nft add table inet loss"
        + " && nft add chain inet loss input '{ type filter hook input priority 0 ; }'"
        + " && nft add rule inet loss input "
        + match
        + " numgen random mod 100 '<' "
        + percent
        + " drop";
  }

  @BeforeAll
  static void start() {
    network = Network.newNetwork();
    server =
        Containers.base(network, "udp-server")
            .withCreateContainerCmdModifier(
                cmd -> cmd.getHostConfig().withCapAdd(Capability.NET_ADMIN))
            .withCommand(
                "bash",
                "-c",
                dropRule("udp dport 9090", 20)
                    + " && exec "
                    + String.join(" ", Containers.command("io.capas.it.ItServer", "udp", "9090"))
                        .replace("java ", "java -Dcapas.udp.patient=true ")
                        .replace(Containers.CLASSPATH, "'" + Containers.CLASSPATH + "'"))
            .waitingFor(
                Wait.forLogMessage(".*ready udp.*\\n", 1)
                    .withStartupTimeout(Duration.ofSeconds(60)));
    server.start();
    client =
        Containers.base(network, "client")
            .withCreateContainerCmdModifier(
                cmd -> cmd.getHostConfig().withCapAdd(Capability.NET_ADMIN))
            .withCommand("sleep", "infinity");
    client.start();
    Containers.Run rule =
        Containers.execCommand(client, "bash", "-c", dropRule("udp sport 9090", 20));
    assertEquals(0, rule.exitCode(), rule.stderr());
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.stop();
    }
    if (server != null) {
      server.stop();
    }
    if (network != null) {
      network.close();
    }
  }

  @Test
  void everyCallCompletesAndRunsExactlyOnceAtTwentyPercentLossEachWay() {
    Containers.Run run =
        Containers.execCommand(
            client,
            "timeout",
            LIMIT.toSeconds() + "s",
            "java",
            "-Dcapas.udp.patient=true",
            "-cp",
            Containers.CLASSPATH,
            "io.capas.it.RpcDriver",
            "once",
            "udp://udp-server:9090",
            String.valueOf(CALLS));
    assertEquals(0, run.exitCode(), run.stderr());
    Map<String, String> result = Containers.keyValues(run.stdout());
    assertEquals(String.valueOf(CALLS), result.get("answeredOnce"), result.toString());
    assertEquals(String.valueOf(CALLS), result.get("ids"), result.toString());
    assertEquals(String.valueOf(CALLS), result.get("executedOnce"), result.toString());
  }
}
