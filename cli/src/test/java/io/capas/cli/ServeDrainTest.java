package io.capas.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 18: {@code capas serve} drains on SIGTERM. A real process ({@link SlowServe}: the serve
 * command with a slow method) gets SIGTERM ({@link Process#destroy}) while a call is in flight: the
 * call still gets its answer, and the process then exits by itself.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ServeDrainTest {

  @Test
  void sigtermLetsTheCallInFlightFinish() throws Exception {
    Process process =
        new ProcessBuilder(
                Cli.javaCommand(
                    "io.capas.cli.SlowServe",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    "0",
                    "--drain",
                    "20"))
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      BlockingQueue<String> lines = new LinkedBlockingQueue<>();
      Thread reader =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try (BufferedReader in =
                        new BufferedReader(
                            new InputStreamReader(process.getInputStream(), UTF_8))) {
                      for (String line = in.readLine(); line != null; line = in.readLine()) {
                        lines.add(line);
                      }
                    } catch (IOException e) {
                      throw new UncheckedIOException(e);
                    }
                  });
      String ready = lines.poll(60, TimeUnit.SECONDS);
      assertTrue(ready != null && ready.startsWith("capas: serving XML-RPC on http://"), ready);
      String url = ready.substring(ready.indexOf("http://"));

      CompletableFuture<Cli.Run> call =
          CompletableFuture.supplyAsync(() -> Cli.run("call", "--timeout", "60", url, "slow"));
      assertEquals("slow: started", lines.poll(60, TimeUnit.SECONDS));
      process.destroy(); // SIGTERM, with the call in its handler

      assertEquals(new Cli.Run(0, "\"done\"\n", ""), call.get(60, TimeUnit.SECONDS));
      assertTrue(process.waitFor(60, TimeUnit.SECONDS), "capas serve did not exit after SIGTERM");
      // 128 + SIGTERM: the JVM ran its shutdown hooks (the drain) and exited on the signal.
      assertEquals(143, process.exitValue());
      reader.join(TimeUnit.SECONDS.toMillis(10));
      Cli.Run after = Cli.run("call", "--timeout", "5", url, "suma", "1", "2");
      assertEquals(2, after.exit(), "the server still answers after SIGTERM: " + after);
    } finally {
      process.destroyForcibly();
    }
  }
}
