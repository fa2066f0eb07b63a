package io.capas.guide;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.capas.guide.migration.capas.AddClient;
import io.capas.guide.migration.capas.AddServer;
import io.capas.testing.process.ChildProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/guide/migration.md, Python side by side with capas: each of the page's four programs runs as
 * its own process (python3 for the scripts, a JVM for the Java), Python's client against capas's
 * server and capas's client against Python's server.
 */
class MigrationPythonTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void pythonClientCallsCapasServer(@TempDir Path dir) throws Exception {
    try (ChildProcess server = ChildProcess.java(AddServer.class, "0")) {
      String port = server.readLine(WAIT);
      try (ChildProcess python =
          ChildProcess.start(
              List.of(
                  "python3",
                  ChildProcess.copyResource("/guide/python/client.py", dir.resolve("client.py"))
                      .toString(),
                  "http://localhost:" + port + "/RPC2"))) {
        ChildProcess.Result result = python.await(WAIT);
        assertEquals(0, result.exit(), result::toString);
        assertEquals("5\n[3, 7]\nfault -32601\n", result.stdout(), result::toString);
      }
    }
  }

  @Test
  void capasClientCallsPythonServer(@TempDir Path dir) throws Exception {
    try (ChildProcess python =
        ChildProcess.start(
            List.of(
                "python3",
                ChildProcess.copyResource("/guide/python/server.py", dir.resolve("server.py"))
                    .toString(),
                "0"))) {
      String port = python.readLine(WAIT);
      try (ChildProcess client =
          ChildProcess.java(AddClient.class, "http://127.0.0.1:" + port + "/RPC2")) {
        ChildProcess.Result result = client.await(WAIT);
        assertEquals(0, result.exit(), result::toString);
        assertEquals(
            "5\n[Success[value=3], Success[value=7]]\nfault 1\n",
            result.stdout(),
            result::toString);
      }
    }
  }
}
