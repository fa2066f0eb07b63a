package io.capas.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.base.CharMatcher;
import com.google.common.base.Splitter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * Scenario 5, continued (issue 17): a rolling restart of three servers behind nginx under load,
 * with no failed call. A client container calls {@code suma} through nginx in a loop while each
 * server in turn is taken out of the upstream, shut down gracefully ({@code
 * RpcServer.shutdown(Duration)} on SIGTERM), started again and put back.
 *
 * <p>Why the server is taken out first (a reload with {@code down}) rather than left to nginx's
 * passive checks alone: a graceful shutdown closes the connections that carry no call, and a
 * request nginx is writing into one of them at that moment is lost; nginx rightly never sends a
 * POST on once any of it went out, so that call would fail with a 502. Only the proxy can stop
 * sending first; with nginx OSS (passive checks only, no active health checks) that is a reload.
 * The passive checks ({@code max_fails}, {@code fail_timeout}, {@code proxy_next_upstream error
 * timeout}) still cover what is not planned: a refused or timed-out connect moves the request on,
 * safely, since nothing was sent. See {@code nginx/rolling.conf}.
 */
class RollingRestartIT {
  private static final Duration LIMIT = Duration.ofSeconds(90);
  private static final int LOAD_SECONDS = 240;
  private static final List<String> NAMES = List.of("r1", "r2", "r3");

  private static Network network;
  private static final List<GenericContainer<?>> servers = new ArrayList<>();
  private static GenericContainer<?> proxy;
  private static GenericContainer<?> client;

  @BeforeAll
  static void start() {
    network = Network.newNetwork();
    for (String name : NAMES) {
      // The server restarts inside its container (a bounded loop), so it keeps its address, which
      // nginx resolved once at startup.
      String java =
          "java -XX:TieredStopAtLevel=1 -Dcapas.it.grace-ms=10000 -cp '"
              + Containers.CLASSPATH
              + "' io.capas.it.ItServer http 8080 "
              + name;
      GenericContainer<?> server =
          Containers.base(network, name)
              .withCommand(
                  "sh",
                  "-c",
                  "for i in 1 2 3 4; do " + java + " & echo $! > /tmp/server.pid; wait $!; done")
              .waitingFor(
                  Wait.forLogMessage(".*ready http.*\\n", 1)
                      .withStartupTimeout(Duration.ofSeconds(90)));
      server.start();
      servers.add(server);
    }
    proxy =
        Containers.base(network, "proxy")
            .withCommand(
                "sh",
                "-c",
                "cp /it/classes/nginx/rolling.conf /tmp/nginx.conf"
                    + " && exec nginx -c /tmp/nginx.conf -g 'daemon off;'")
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
  void rollingRestartUnderLoadFailsNoCall() throws Exception {
    Containers.execCommand(client, "rm", "-f", "/tmp/progress", "/tmp/stop");
    CompletableFuture<Containers.Run> load =
        CompletableFuture.supplyAsync(
            () ->
                Containers.exec(
                    client,
                    Duration.ofSeconds(LOAD_SECONDS + 60),
                    "io.capas.it.RpcDriver",
                    "load",
                    "http://proxy:8080/RPC2",
                    String.valueOf(LOAD_SECONDS),
                    "10000"));
    awaitProgress(50);
    for (int i = 0; i < servers.size(); i++) {
      GenericContainer<?> server = servers.get(i);
      String name = NAMES.get(i);
      int readies = count(server.getLogs(), "ready http");
      upstream(name, true);
      Containers.Run term =
          Containers.execCommand(server, "sh", "-c", "kill -TERM $(cat /tmp/server.pid)");
      assertEquals(0, term.exitCode(), term.stderr());
      await(name + " drained", () -> server.getLogs().contains("drained " + name));
      await(name + " ready again", () -> count(server.getLogs(), "ready http") > readies);
      upstream(name, false);
      // Calls flow through the restarted set before the next server goes.
      awaitProgress(progress()[0] + 50);
    }
    Containers.execCommand(client, "touch", "/tmp/stop");
    Containers.Run run = load.get(LOAD_SECONDS + 90, TimeUnit.SECONDS);
    assertEquals(0, run.exitCode(), run.stderr());
    Map<String, String> result = Containers.keyValues(run.stdout());
    System.out.println(
        "rolling restart of 3 servers behind nginx: calls="
            + result.get("calls")
            + " failed="
            + result.get("failed")
            + " wrong="
            + result.get("wrong")
            + " "
            + result);
    assertEquals("0", result.get("failed"), result.toString());
    assertEquals("0", result.get("wrong"), result.toString());
    assertTrue(Integer.parseInt(result.get("calls")) >= 150, result.toString());

    // Each restarted server answers through nginx again.
    Containers.Run spread =
        Containers.exec(client, LIMIT, "io.capas.it.RpcDriver", "spread", "proxy", "8080", "60");
    assertEquals(0, spread.exitCode(), spread.stderr());
    Map<String, String> spreadResult = Containers.keyValues(spread.stdout());
    assertEquals("3", spreadResult.get("servers"), spreadResult.toString());
    assertEquals("0", spreadResult.get("lost"), spreadResult.toString());
  }

  /**
   * Takes {@code name} out of nginx's upstream ({@code down}) or puts it back, and waits until the
   * workers of the old configuration have finished their requests and exited (a reload starts new
   * workers and lets the old ones drain).
   */
  private static void upstream(String name, boolean down) {
    String from = "server " + name + ":8080 " + (down ? "" : "down ") + "max_fails";
    String to = "server " + name + ":8080 " + (down ? "down " : "") + "max_fails";
    Set<String> before = workers();
    Containers.Run reload =
        Containers.execCommand(
            proxy,
            "sh",
            "-c",
            "sed -i 's/"
                + from
                + "/"
                + to
                + "/' /tmp/nginx.conf && grep -q '"
                + to
                + "' /tmp/nginx.conf && nginx -c /tmp/nginx.conf -s reload");
    assertEquals(0, reload.exitCode(), reload.stderr());
    await(
        "nginx reloaded with " + to,
        () -> {
          Set<String> now = workers();
          now.retainAll(before);
          return now.isEmpty() && !workers().isEmpty();
        });
  }

  /** The process ids of nginx's workers (children of the master, PID 1 of the container). */
  private static Set<String> workers() {
    String out = Containers.execCommand(proxy, "pgrep", "-P", "1").stdout();
    return new TreeSet<>(Splitter.on(CharMatcher.whitespace()).omitEmptyStrings().splitToList(out));
  }

  private static int count(String text, String needle) {
    int n = 0;
    for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
      n++;
    }
    return n;
  }

  /** The client's successes and failures so far ({@code /tmp/progress}). */
  private static int[] progress() {
    List<String> parts =
        Splitter.on(' ')
            .splitToList(Containers.execCommand(client, "cat", "/tmp/progress").stdout());
    if (parts.size() != 2) {
      return new int[] {0, 0};
    }
    return new int[] {Integer.parseInt(parts.get(0)), Integer.parseInt(parts.get(1))};
  }

  private static void awaitProgress(int ok) {
    await("the client to reach " + ok + " successful calls", () -> progress()[0] >= ok);
  }

  /** Polls {@code condition} every 200 ms for at most {@link #LIMIT}. */
  private static void await(String what, BooleanSupplier condition) {
    long end = System.nanoTime() + LIMIT.toNanos();
    while (System.nanoTime() < end) {
      if (condition.getAsBoolean()) {
        return;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
    }
    throw new AssertionError(
        "timed out waiting for " + what + "; client progress " + progressText());
  }

  private static String progressText() {
    int[] p = progress();
    return "ok=" + p[0] + " failed=" + p[1];
  }
}
