package io.capas.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * Scenario 5: three server containers share the alias {@code cluster}. The client resolves every
 * address and spreads its calls over them, and keeps working when one is stopped; the same three
 * behind nginx (keep-alive to the upstreams) in its own container.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScaleOutIT {

  private static final Duration LIMIT = Duration.ofSeconds(90);

  private static Network network;
  private static final List<GenericContainer<?>> servers = new ArrayList<>();
  private static GenericContainer<?> proxy;
  private static GenericContainer<?> client;

  @BeforeAll
  static void start() {
    network = Network.newNetwork();
    for (String name : List.of("s1", "s2", "s3")) {
      GenericContainer<?> server =
          Containers.jvm(
                  network, name, ".*ready http.*\\n", "io.capas.it.ItServer", "http", "8080", name)
              .withNetworkAliases(name, "cluster");
      server.start();
      servers.add(server);
    }
    proxy =
        Containers.base(network, "proxy")
            .withCommand("nginx", "-c", "/it/classes/nginx/capas.conf", "-g", "daemon off;")
            .waitingFor(Wait.forListeningPort().withStartupTimeout(Duration.ofSeconds(30)))
            .withExposedPorts(8080);
    proxy.start();
    client = Containers.idle(network, "client");
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.stop();
    }
    if (proxy != null) {
      proxy.stop();
    }
    servers.forEach(GenericContainer::stop);
    if (network != null) {
      network.close();
    }
  }

  @Test
  @Order(1)
  void theClientSpreadsCallsOverEveryAddressOfTheAlias() {
    Map<String, String> result = spread("cluster", 60);
    assertEquals("3", result.get("addresses"), result.toString());
    assertEquals("3", result.get("servers"), result.toString());
    assertEquals("0", result.get("lost"), result.toString());
  }

  @Test
  @Order(2)
  void nginxSpreadsCallsOverTheThreeUpstreams() {
    Map<String, String> result = spread("proxy", 60);
    assertEquals("3", result.get("servers"), result.toString());
    assertEquals("0", result.get("lost"), result.toString());
  }

  @Test
  @Order(3)
  void bothKeepWorkingWhenOneServerIsStopped() {
    servers.get(1).stop();
    Map<String, String> direct = spread("cluster", 40);
    assertEquals("2", direct.get("servers"), direct.toString());
    assertEquals("0", direct.get("lost"), direct.toString());
    Map<String, String> proxied = spread("proxy", 40);
    assertEquals("2", proxied.get("servers"), proxied.toString());
    assertEquals("0", proxied.get("lost"), proxied.toString());
  }

  private static Map<String, String> spread(String host, int calls) {
    Containers.Run run =
        Containers.exec(
            client, LIMIT, "io.capas.it.RpcDriver", "spread", host, "8080", String.valueOf(calls));
    assertEquals(0, run.exitCode(), run.stderr());
    return Containers.keyValues(run.stdout());
  }
}
