package io.capas.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;

/**
 * Scenario 6: the plain socket services of {@code examples} (echo, and uppercase over TCP and UDP)
 * served from their own containers and called from a client container by network alias, through
 * Docker's resolver.
 */
class SeedServicesIT {

  private static final Duration LIMIT = Duration.ofSeconds(60);

  private static Network network;
  private static GenericContainer<?> echo;
  private static GenericContainer<?> upper;
  private static GenericContainer<?> upperMultiplex;
  private static GenericContainer<?> upperUdp;
  private static GenericContainer<?> client;

  @BeforeAll
  static void start() {
    network = Network.newNetwork();
    echo =
        Containers.jvm(
            network,
            "echo",
            ".*echo server listening.*\\n",
            "io.capas.examples.EchoServer",
            "7777");
    upper =
        Containers.jvm(
            network,
            "upper",
            ".*uppercase server listening.*\\n",
            "io.capas.examples.UppercaseServer",
            "7778");
    upperMultiplex =
        Containers.jvm(
            network,
            "upper-mux",
            ".*uppercase server listening.*\\n",
            "io.capas.examples.UppercaseServer",
            "7778",
            "MULTIPLEX");
    upperUdp =
        Containers.jvm(
            network,
            "upper-udp",
            ".*uppercase udp server listening.*\\n",
            "io.capas.examples.UppercaseUdpServer",
            "7779");
    echo.start();
    upper.start();
    upperMultiplex.start();
    upperUdp.start();
    client = Containers.idle(network, "client");
  }

  @AfterAll
  static void stop() {
    for (GenericContainer<?> c :
        new GenericContainer<?>[] {client, upperUdp, upperMultiplex, upper, echo}) {
      if (c != null) {
        c.stop();
      }
    }
    if (network != null) {
      network.close();
    }
  }

  @Test
  void echoClientGetsEveryLineBackUntilExit() {
    Containers.Run run =
        Containers.execCommand(
            client,
            "bash",
            "-c",
            "printf 'hola\\nque tal\\nexit\\nnever sent\\n' | timeout 60 java -cp '"
                + Containers.CLASSPATH
                + "' io.capas.examples.EchoClient echo 7777");
    assertEquals(0, run.exitCode(), run.stderr());
    assertEquals("hola\nque tal", run.stdout());
  }

  @Test
  void uppercaseOverTcpThreadPerConnection() {
    Containers.Run run =
        Containers.exec(
            client,
            LIMIT,
            "io.capas.it.SeedClient",
            "uppercase-tcp",
            "upper",
            "7778",
            "hola",
            "ñandú");
    assertEquals(0, run.exitCode(), run.stderr());
    assertEquals("HOLA\nÑANDÚ", run.stdout());
  }

  @Test
  void uppercaseOverTcpMultiplexing() {
    Containers.Run run =
        Containers.exec(
            client,
            LIMIT,
            "io.capas.it.SeedClient",
            "uppercase-tcp",
            "upper-mux",
            "7778",
            "redes",
            "de computadoras");
    assertEquals(0, run.exitCode(), run.stderr());
    assertEquals("REDES\nDE COMPUTADORAS", run.stdout());
  }

  @Test
  void uppercaseOverUdp() {
    Containers.Run run =
        Containers.exec(
            client,
            LIMIT,
            "io.capas.it.SeedClient",
            "uppercase-udp",
            "upper-udp",
            "7779",
            "datagrama",
            "uno");
    assertEquals(0, run.exitCode(), run.stderr());
    assertEquals("DATAGRAMA\nUNO", run.stdout());
  }
}
