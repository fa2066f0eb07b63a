/*
 * Load generator: suma(2, 3) over HTTP on a Unix domain socket against TCP loopback, the same
 * server code (RpcServer.http with one TcpConfig; UnixTransport or TcpTransport under it) in the
 * same run, rounds alternating which goes first. Each client thread makes sequential calls on its
 * own kept-alive connection for the round's duration; the figure is completed calls per second.
 *
 * Usage (JDK 21+, after `mvn -B -o -q package -pl cli -am -DskipTests`):
 *   java -cp cli/target/capas.jar bench/UnixVsTcp.java [ROUNDS] [SECONDS] [CLIENTS] [MODELS]
 * e.g. java -cp cli/target/capas.jar bench/UnixVsTcp.java 5 3 1 THREAD_PER_CONNECTION,MULTIPLEX
 */
import io.capas.rpc.Client;
import io.capas.rpc.HttpClientSettings;
import io.capas.rpc.RpcServer;
import io.capas.socket.UnixSocketOptions;
import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.TcpTransport;
import io.capas.transport.tcp.UnixTransport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

public class UnixVsTcp {

  public static void main(String[] args) throws Exception {
    Logger.getLogger("").setLevel(Level.WARNING);
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int clients = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    String[] models =
        (args.length > 3 ? args[3] : "THREAD_PER_CONNECTION,MULTIPLEX").split(",");
    System.out.printf(
        "suma over HTTP, %d client thread(s), %d rounds of %d s, %d cores%n",
        clients, rounds, seconds, Runtime.getRuntime().availableProcessors());
    for (String model : models) {
      TcpConfig config = TcpConfig.builder().model(TcpConfig.Model.valueOf(model)).build();
      Path dir = Files.createTempDirectory("capas-unix-bench");
      try (RpcServer unix =
              suma(
                  RpcServer.http(
                      new UnixTransport(config, UnixSocketOptions.defaults()),
                      Endpoint.unix(dir.resolve("rpc.sock"))));
          RpcServer tcp =
              suma(
                  RpcServer.http(
                      new TcpTransport(config, HostResolver.system()),
                      Endpoint.of("127.0.0.1", 0)))) {
        String unixUrl = unix.url();
        String tcpUrl = "http://127.0.0.1:" + tcp.port() + "/RPC2";
        measure(unixUrl, clients, 2); // warm-up, both
        measure(tcpUrl, clients, 2);
        double[] u = new double[rounds];
        double[] t = new double[rounds];
        for (int r = 0; r < rounds; r++) {
          if (r % 2 == 0) {
            u[r] = measure(unixUrl, clients, seconds);
            t[r] = measure(tcpUrl, clients, seconds);
          } else {
            t[r] = measure(tcpUrl, clients, seconds);
            u[r] = measure(unixUrl, clients, seconds);
          }
          System.out.printf(
              "%s round %d: unix %,.0f/s  tcp %,.0f/s  unix/tcp %.2f%n",
              model, r + 1, u[r], t[r], u[r] / t[r]);
        }
        double mu = median(u);
        double mt = median(t);
        System.out.printf(
            "%s median: unix %,.0f/s  tcp %,.0f/s  unix/tcp %.2f%n", model, mu, mt, mu / mt);
      } finally {
        Files.deleteIfExists(dir);
      }
    }
  }

  private static RpcServer suma(RpcServer server) {
    return server.addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b).start();
  }

  /** Calls per second of {@code clients} threads, each on its own connection, for the duration. */
  private static double measure(String url, int clients, int seconds) throws Exception {
    LongAdder calls = new LongAdder();
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> threads = new ArrayList<>();
    List<Client> opened = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      Client client = HttpClientSettings.builder().url(url).build().client();
      opened.add(client);
      if (!Integer.valueOf(5).equals(client.call("suma", 2, 3))) {
        throw new IllegalStateException("wrong answer from " + url);
      }
      threads.add(
          Thread.ofPlatform()
              .unstarted(
                  () -> {
                    while (!stop.get()) {
                      if (!Integer.valueOf(5).equals(client.call("suma", 2, 3))) {
                        throw new IllegalStateException("wrong answer from " + url);
                      }
                      calls.increment();
                    }
                  }));
    }
    long start = System.nanoTime();
    threads.forEach(Thread::start);
    Thread.sleep(seconds * 1000L);
    stop.set(true);
    for (Thread thread : threads) {
      thread.join();
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    opened.forEach(Client::close);
    return calls.sum() / elapsed;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
