package io.capas.guide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.guide.start.CalculatorClient;
import io.capas.guide.start.CalculatorServer;
import io.capas.testing.process.ChildProcess;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * docs/guide/getting-started.md: its server and client programs, each run as its own JVM as a user
 * would run them (the server on a free port instead of 8000).
 */
class GettingStartedTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void clientProgramCallsServerProgram() throws Exception {
    try (ChildProcess server = ChildProcess.java(CalculatorServer.class, "0")) {
      String url = server.readLine(WAIT);
      assertTrue(url.matches("http://localhost:\\d+/RPC2"), url);
      try (ChildProcess client = ChildProcess.java(CalculatorClient.class, url)) {
        ChildProcess.Result result = client.await(WAIT);
        assertEquals(0, result.exit(), result::toString);
        assertEquals("5\n42\n", result.stdout(), result::toString);
      }
    }
  }
}
