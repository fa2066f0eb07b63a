package io.capas.benchmarks.transport;

import io.capas.socket.TcpClient;
import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.Server;
import io.capas.transport.Session;
import io.capas.transport.SessionFactory;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.TcpTransport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Holds N concurrent idle connections on the thread-per-connection {@link TcpTransport} server and
 * checks that it still answers; reports the server's heap and resident memory.
 *
 * <p>The clients live in a child JVM ({@link IdleClients}), so each process stays under its own
 * descriptor limit and this process's memory is the server's alone. Steps: measure a baseline; the
 * child opens N connections and says {@code ready}; measure again (after a GC); time 1,000 echo
 * round trips on a fresh connection; the child pings every idle connection once; all close.
 *
 * <pre>{@code
 * ulimit -n 20000; java -cp benchmarks/target/benchmarks.jar \
 *     io.capas.benchmarks.transport.IdleConnections 10000
 * }</pre>
 *
 * Exits 0 when every connection was held and answered, 1 otherwise.
 */
public final class IdleConnections {

  private static final Duration WAIT = Duration.ofMinutes(3);

  private IdleConnections() {}

  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    PrintStream out = System.out;
    TcpTransport transport =
        new TcpTransport(
            TcpConfig.builder()
                .model(TcpConfig.Model.THREAD_PER_CONNECTION)
                .maxConnections(count + 16)
                .backlog(4096)
                .build(),
            HostResolver.system());
    try (Server server = transport.serve(Endpoint.of("127.0.0.1", 0), echo())) {
      Memory before = Memory.measure();
      out.printf("server on %s, baseline: %s%n", server.address(), before);

      Process child = startClients(server.address().getPort(), count);
      try (BufferedReader fromChild =
              new BufferedReader(
                  new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
          PrintStream toChild =
              new PrintStream(child.getOutputStream(), true, StandardCharsets.UTF_8)) {
        long start = System.nanoTime();
        String ready = expect(fromChild, "ready");
        awaitActive(server, count);
        long openMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        Memory held = Memory.measure();
        out.printf("%s; %d connections opened in %d ms%n", ready, count, openMillis);
        out.printf("holding %d: %s%n", server.activeConnections(), held);
        out.printf(
            "per connection: heap %.1f KiB, RSS %.1f KiB, threads (platform) %d -> %d%n",
            (held.heapUsed() - before.heapUsed()) / 1024.0 / count,
            (held.rssKib() - before.rssKib()) / (double) count,
            before.platformThreads(),
            held.platformThreads());

        long[] micros = pingPong(transport, server, 1_000);
        out.printf(
            "fresh connection while holding %d: 1000 round trips, "
                + "p50 %d us, p99 %d us, max %d us%n",
            count,
            micros[micros.length / 2],
            micros[micros.length * 99 / 100],
            micros[micros.length - 1]);

        toChild.println("ping");
        String pinged = expect(fromChild, "pinged");
        out.println("every idle connection answered: " + pinged);
        toChild.println("exit");
        child.waitFor(1, TimeUnit.MINUTES);
        boolean ok = pinged.startsWith("pinged " + count + " ");
        out.println(ok ? "idle connections: ok" : "idle connections: FAILED");
        System.exit(ok ? 0 : 1);
      } finally {
        child.destroy();
      }
    }
  }

  private static SessionFactory echo() {
    return context ->
        new Session() {
          @Override
          public void onData(ByteBuffer data) throws IOException {
            context.write(data);
          }
        };
  }

  private static Process startClients(int port, int count) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>();
    command.add(java);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(IdleClients.class.getName());
    command.add(String.valueOf(port));
    command.add(String.valueOf(count));
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }

  /** Reads the child's lines until one starting with {@code prefix}; fails at its end. */
  private static String expect(BufferedReader in, String prefix) throws IOException {
    for (int i = 0; i < 100_000; i++) {
      String line = in.readLine();
      if (line == null) {
        throw new IOException("the client process ended before saying " + prefix);
      }
      if (line.startsWith(prefix)) {
        return line;
      }
      System.out.println("  clients: " + line);
    }
    throw new IOException("the client process never said " + prefix);
  }

  private static void awaitActive(Server server, int count) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (server.activeConnections() < count) {
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException(
            "only " + server.activeConnections() + " of " + count + " connections are held");
      }
      TimeUnit.MILLISECONDS.sleep(10);
    }
  }

  private static long[] pingPong(TcpTransport transport, Server server, int rounds)
      throws IOException {
    long[] micros = new long[rounds];
    try (TcpClient client =
        transport.connect(Endpoint.of("127.0.0.1", server.address().getPort()), WAIT)) {
      client.readTimeout(WAIT);
      byte[] ping = new byte[64];
      for (int i = 0; i < rounds; i++) {
        long start = System.nanoTime();
        client.sendAll(ping);
        client.receiveExactly(ping.length);
        micros[i] = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start);
      }
    }
    Arrays.sort(micros);
    return micros;
  }

  /** The server process's memory: heap used after a GC, resident set, platform threads. */
  record Memory(long heapUsed, long rssKib, int platformThreads) {

    static Memory measure() throws IOException, InterruptedException {
      System.gc();
      TimeUnit.MILLISECONDS.sleep(200);
      long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      return new Memory(heap, readRssKib(), ManagementFactory.getThreadMXBean().getThreadCount());
    }

    private static long readRssKib() throws IOException {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
      return -1;
    }

    @Override
    public String toString() {
      return String.format(
          "heap used %.1f MiB, RSS %.1f MiB, platform threads %d",
          heapUsed / 1024.0 / 1024.0, rssKib / 1024.0, platformThreads);
    }
  }
}
