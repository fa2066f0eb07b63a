package io.capas.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code java -cp ... io.capas.examples.Examples NAME}: a server example in its own process on a
 * loopback port, its client in this one; the process is stopped by its PID.
 */
class ExamplesMainTest {

  @Test
  void aServerRunsInItsOwnProcessUntilStopped() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process server =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                Examples.class.getName(),
                "suma-server",
                "127.0.0.1",
                "0")
            .redirectErrorStream(true)
            .start();
    long pid = server.pid();
    try {
      BufferedReader lines =
          new BufferedReader(new InputStreamReader(server.getInputStream(), UTF_8));
      // Bounded: the server prints its URL first; log lines (INFO) may come before it.
      String ready =
          CompletableFuture.supplyAsync(
                  () -> {
                    try {
                      for (int i = 0; i < 50; i++) {
                        String line = lines.readLine();
                        if (line == null || line.startsWith("suma server at ")) {
                          return line;
                        }
                      }
                      return null;
                    } catch (Exception e) {
                      throw new AssertionError(e);
                    }
                  })
              .get(60, TimeUnit.SECONDS);
      assertNotNull(ready, "the server printed no URL");
      Matcher port = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/RPC2").matcher(ready);
      assertTrue(port.find(), ready);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      assertEquals(
          5,
          Suma.client(
              "127.0.0.1", Integer.parseInt(port.group(1)), new PrintStream(out, true, UTF_8)));
      assertEquals(List.of("5"), out.toString(UTF_8).lines().toList());
    } finally {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
      if (!server.waitFor(30, TimeUnit.SECONDS)) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
  }
}
