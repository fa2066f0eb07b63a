package io.capas.it;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * Scenario 3: Python peers in their own containers. Python's {@code xmlrpc.client} calls the capas
 * server (every type, multicall, introspection, faults), and the capas client calls Python's {@code
 * SimpleXMLRPCServer} ({@code allow_none=True}, {@code use_builtin_types=True}).
 */
@Testcontainers
class PythonPeersIT {

  private static final Duration LIMIT = Duration.ofSeconds(90);
  private static final Network NETWORK = Network.newNetwork();

  // Never read here: @Testcontainers finds it by reflection, starts and stops it.
  @SuppressWarnings("UnusedVariable")
  @Container
  private static final GenericContainer<?> CAPAS_SERVER =
      Containers.jvm(
          NETWORK,
          "rpc-server",
          ".*serving XML-RPC on.*\\n",
          "io.capas.cli.Main",
          "serve",
          "--host",
          "0.0.0.0",
          "--port",
          "8080");

  // Never read here: @Testcontainers finds it by reflection, starts and stops it.
  @SuppressWarnings("UnusedVariable")
  @Container
  private static final GenericContainer<?> PYTHON_SERVER =
      Containers.base(NETWORK, "py-server")
          .withCommand("python3", "/it/classes/python/server.py", "8000")
          .waitingFor(
              Wait.forLogMessage("ready.*\\n", 1).withStartupTimeout(Duration.ofSeconds(30)));

  @Container
  private static final GenericContainer<?> CLIENT =
      Containers.base(NETWORK, "client").withCommand("sleep", "infinity");

  @Test
  void pythonClientCallsTheCapasServer() {
    RpcCallsIT.assertAllOk(
        Containers.execCommand(
            CLIENT,
            "timeout",
            "60",
            "python3",
            "/it/classes/python/client.py",
            "http://rpc-server:8080/RPC2"));
  }

  @Test
  void capasClientCallsPythonsServer() {
    RpcCallsIT.assertAllOk(
        Containers.exec(
            CLIENT,
            LIMIT,
            "io.capas.it.RpcDriver",
            "types",
            "http://py-server:8000/RPC2",
            "python"));
  }
}
