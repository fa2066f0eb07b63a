package io.capas.transport.udp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Real packet loss: two network namespaces joined by a veth pair, nftables dropping 20% of the UDP
 * datagrams arriving in each (a drop on the receiving path loses the packet; one on the sending
 * path would make the send fail instead). The server runs as a child JVM in one namespace, the
 * client as another in the other, since a JVM cannot move itself into a namespace. 1,000 calls must
 * all come back right, each executed exactly once.
 *
 * <p>Needs root, {@code ip} and {@code nft} (CI has them). The test creates the namespaces, deletes
 * them in {@code finally}, and deletes leftovers of an earlier run first. Addresses 10.213.0.1/2
 * exist only inside the two namespaces.
 */
class NamespaceLossTest {
  private static final String NS_SERVER = "capas-udp-a";
  private static final String NS_CLIENT = "capas-udp-b";
  private static final String VETH_SERVER = "capudpa";
  private static final String VETH_CLIENT = "capudpb";
  private static final String SERVER_IP = "10.213.0.1";
  private static final String CLIENT_IP = "10.213.0.2";
  private static final int PORT = 7000;
  private static final int CALLS = 1000;
  private static final String LOSS_RULES =
      """
      table inet capas_loss {
        chain input {
          type filter hook input priority 0; policy accept;
          meta l4proto udp numgen random mod 100 < 20 counter drop
        }
      }
      """;

  @Test
  void thousandCallsOverTwentyPercentLossEachWayAllAnswerOnceEach() throws Exception {
    checkPrerequisites();
    List<Process> children = new ArrayList<>();
    try {
      deleteNamespaces();
      createNamespaces();

      Process server = start(NS_SERVER, "server", SERVER_IP, String.valueOf(PORT));
      children.add(server);
      Lines serverOut = new Lines(server);
      assertNotNull(serverOut.find("READY", 60), "server never said READY: " + serverOut.all());

      Process client =
          start(NS_CLIENT, "client", SERVER_IP, String.valueOf(PORT), String.valueOf(CALLS), "16");
      children.add(client);
      Lines clientOut = new Lines(client);
      assertTrue(client.waitFor(240, TimeUnit.SECONDS), "client still running after 240 s");
      String result = clientOut.find("RESULT", 10);
      assertNotNull(result, "client said: " + clientOut.all());
      assertEquals(
          "RESULT ok=" + CALLS + " wrong=0 failed=0", result, "client said: " + clientOut.all());

      try (OutputStream stdin = server.getOutputStream()) {
        stdin.write("STOP\n".getBytes(UTF_8));
      }
      String executions = serverOut.find("EXECUTIONS", 30);
      assertEquals("EXECUTIONS total=" + CALLS + " distinct=" + CALLS + " max=1", executions);
      assertTrue(server.waitFor(30, TimeUnit.SECONDS), "server did not stop");

      assertTrue(dropped(NS_SERVER) > 0, "nothing was dropped on the server side");
      assertTrue(dropped(NS_CLIENT) > 0, "nothing was dropped on the client side");
    } finally {
      for (Process child : children) {
        if (child.isAlive()) {
          child.destroyForcibly();
          child.waitFor(10, TimeUnit.SECONDS);
        }
      }
      deleteNamespaces();
    }
  }

  private static void checkPrerequisites() throws Exception {
    String user = run(false, "id", "-u").trim();
    if (!user.equals("0")) {
      fail(
          "NamespaceLossTest needs root to create network namespaces (running as uid "
              + user
              + ")");
    }
    for (String tool : List.of("ip", "nft")) {
      if (runStatus("sh", "-c", "command -v " + tool) != 0) {
        fail("NamespaceLossTest needs `" + tool + "` (apt-get install -y iproute2 nftables)");
      }
    }
  }

  private static void createNamespaces() throws Exception {
    run(true, "ip", "netns", "add", NS_SERVER);
    run(true, "ip", "netns", "add", NS_CLIENT);
    run(true, "ip", "link", "add", VETH_SERVER, "type", "veth", "peer", "name", VETH_CLIENT);
    run(true, "ip", "link", "set", VETH_SERVER, "netns", NS_SERVER);
    run(true, "ip", "link", "set", VETH_CLIENT, "netns", NS_CLIENT);
    run(true, "ip", "-n", NS_SERVER, "addr", "add", SERVER_IP + "/24", "dev", VETH_SERVER);
    run(true, "ip", "-n", NS_CLIENT, "addr", "add", CLIENT_IP + "/24", "dev", VETH_CLIENT);
    for (String[] ns : new String[][] {{NS_SERVER, VETH_SERVER}, {NS_CLIENT, VETH_CLIENT}}) {
      run(true, "ip", "-n", ns[0], "link", "set", ns[1], "up");
      run(true, "ip", "-n", ns[0], "link", "set", "lo", "up");
      runWithInput(LOSS_RULES, "ip", "netns", "exec", ns[0], "nft", "-f", "-");
    }
  }

  /** Deletes the namespaces (which deletes the veth pair and the rules with them), if present. */
  private static void deleteNamespaces() throws Exception {
    for (String ns : List.of(NS_SERVER, NS_CLIENT)) {
      runStatus("ip", "netns", "del", ns);
    }
    runStatus("ip", "link", "del", VETH_SERVER); // only if a half-made pair was left in the root ns
  }

  private static long dropped(String ns) throws Exception {
    String table =
        run(true, "ip", "netns", "exec", ns, "nft", "list", "table", "inet", "capas_loss");
    Matcher counter = Pattern.compile("counter packets (\\d+)").matcher(table);
    assertTrue(counter.find(), table);
    return Long.parseLong(counter.group(1));
  }

  private static Process start(String ns, String... args) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command =
        new ArrayList<>(List.of("ip", "netns", "exec", ns, java, "-Xmx256m", "-cp", classpath));
    command.add(NamespacePeer.class.getName());
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  private static String run(boolean check, String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    Lines out = new Lines(process);
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("timed out: " + String.join(" ", command));
    }
    out.drained(5);
    if (check && process.exitValue() != 0) {
      fail(String.join(" ", command) + " failed (" + process.exitValue() + "): " + out.all());
    }
    return String.join("\n", out.all());
  }

  private static int runStatus(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    Lines out = new Lines(process);
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("timed out: " + String.join(" ", command));
    }
    out.drained(5);
    return process.exitValue();
  }

  private static void runWithInput(String input, String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    Lines out = new Lines(process);
    try (OutputStream stdin = process.getOutputStream()) {
      stdin.write(input.getBytes(UTF_8));
    }
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("timed out: " + String.join(" ", command));
    }
    out.drained(5);
    if (process.exitValue() != 0) {
      fail(String.join(" ", command) + " failed: " + out.all());
    }
  }

  /** A child's output, read by a daemon thread, so that waiting for a line has a deadline. */
  private static final class Lines {
    private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
    private final List<String> all = Collections.synchronizedList(new ArrayList<>());
    private final Thread reader;

    Lines(Process process) {
      reader =
          Thread.ofPlatform()
              .daemon()
              .start(
                  () -> {
                    try (BufferedReader in =
                        new BufferedReader(
                            new InputStreamReader(process.getInputStream(), UTF_8))) {
                      for (String line; (line = in.readLine()) != null; ) {
                        all.add(line);
                        queue.add(line);
                      }
                    } catch (IOException e) {
                      all.add("(output unreadable: " + e + ")");
                    }
                  });
    }

    /** The next line starting with {@code prefix}, skipping others. */
    @Nullable String find(String prefix, int seconds) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      for (long left = deadline - System.nanoTime();
          left > 0;
          left = deadline - System.nanoTime()) {
        String line = queue.poll(left, TimeUnit.NANOSECONDS);
        if (line != null && line.startsWith(prefix)) {
          return line;
        }
      }
      return null;
    }

    void drained(int seconds) throws InterruptedException {
      reader.join(TimeUnit.SECONDS.toMillis(seconds));
    }

    List<String> all() {
      synchronized (all) {
        return List.copyOf(all);
      }
    }
  }
}
