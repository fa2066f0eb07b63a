package io.capas.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ContainerNetwork;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;

/**
 * Scenario 4: faults under load. A client container calls {@code suma} in a loop with a 2 s
 * deadline per call while the server container is killed and restarted, or cut off from the network
 * and reconnected. Failures must be clear and within the deadline, no wrong answer may be reported
 * as a success, and the same client must recover without being restarted.
 */
class FaultsIT {

  private static final String URL = "http://rpc-server:8080/RPC2";
  private static final int DEADLINE_MS = 2_000;

  /** Slack over the deadline for a failure to surface on a loaded 2-core machine. */
  private static final long FAILURE_SLACK_MS = 3_000;

  private Network network;
  private GenericContainer<?> server;
  private GenericContainer<?> client;

  @BeforeEach
  void start() {
    network = Network.newNetwork();
    server = newServer();
    server.start();
    client = Containers.idle(network, "client");
  }

  private GenericContainer<?> newServer() {
    return Containers.jvm(
        network,
        "rpc-server",
        ".*serving XML-RPC on.*\\n",
        "io.capas.cli.Main",
        "serve",
        "--host",
        "0.0.0.0",
        "--port",
        "8080");
  }

  @AfterEach
  void stop() {
    for (GenericContainer<?> c : new GenericContainer<?>[] {client, server}) {
      if (c != null) {
        c.stop();
      }
    }
    network.close();
  }

  @Test
  void killedServerGivesTimelyErrorsAndARestartedOneIsUsedAgain() throws Exception {
    CompletableFuture<Containers.Run> load = startLoad(30);
    awaitProgress(50, 0);
    DockerClient docker = DockerClientFactory.instance().client();
    docker.killContainerCmd(server.getContainerId()).exec();
    awaitProgress(0, 3);
    server = newServer();
    server.start();
    Map<String, String> result = finish(load);
    assertEquals("0", result.get("wrong"), result.toString());
    assertTrue(Integer.parseInt(result.get("failed")) >= 3, result.toString());
    assertTrue(Integer.parseInt(result.get("okAfterLastFailure")) > 0, "no recovery: " + result);
    assertTrue(
        Long.parseLong(result.get("slowestFailureMillis")) <= DEADLINE_MS + FAILURE_SLACK_MS,
        result.toString());
  }

  @Test
  void cutNetworkFailsWithinTheDeadlineAndRestoredNetworkWorksAgain() throws Exception {
    CompletableFuture<Containers.Run> load = startLoad(30);
    awaitProgress(50, 0);
    DockerClient docker = DockerClientFactory.instance().client();
    docker
        .disconnectFromNetworkCmd()
        .withNetworkId(network.getId())
        .withContainerId(server.getContainerId())
        .exec();
    awaitProgress(0, 3);
    docker
        .connectToNetworkCmd()
        .withNetworkId(network.getId())
        .withContainerId(server.getContainerId())
        .withContainerNetwork(new ContainerNetwork().withAliases("rpc-server"))
        .exec();
    Map<String, String> result = finish(load);
    assertEquals("0", result.get("wrong"), result.toString());
    assertTrue(Integer.parseInt(result.get("failed")) >= 3, result.toString());
    assertTrue(Integer.parseInt(result.get("okAfterLastFailure")) > 0, "no recovery: " + result);
    assertTrue(
        Long.parseLong(result.get("slowestFailureMillis")) <= DEADLINE_MS + FAILURE_SLACK_MS,
        result.toString());
  }

  private CompletableFuture<Containers.Run> startLoad(int seconds) {
    Containers.execCommand(client, "rm", "-f", "/tmp/progress");
    return CompletableFuture.supplyAsync(
        () ->
            Containers.exec(
                client,
                Duration.ofSeconds(seconds + 60),
                "io.capas.it.RpcDriver",
                "load",
                URL,
                String.valueOf(seconds),
                String.valueOf(DEADLINE_MS)));
  }

  private static Map<String, String> finish(CompletableFuture<Containers.Run> load)
      throws Exception {
    Containers.Run run = load.get(150, TimeUnit.SECONDS);
    assertEquals(0, run.exitCode(), run.stderr());
    return Containers.keyValues(run.stdout());
  }

  /**
   * Waits (at most 60 s) until the client reports at least {@code ok} successes and {@code failed}
   * failures.
   */
  private void awaitProgress(int ok, int failed) {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    int[] seen = {0, 0};
    while (System.nanoTime() < end) {
      String text = Containers.execCommand(client, "cat", "/tmp/progress").stdout();
      String[] parts = text.split(" ", -1);
      if (parts.length == 2) {
        seen[0] = Integer.parseInt(parts[0]);
        seen[1] = Integer.parseInt(parts[1]);
        if (seen[0] >= ok && seen[1] >= failed) {
          return;
        }
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
    }
    throw new AssertionError("client progress stuck at ok=" + seen[0] + " failed=" + seen[1]);
  }
}
