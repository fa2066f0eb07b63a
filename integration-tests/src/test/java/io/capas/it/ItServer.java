package io.capas.it;

import io.capas.rpc.RpcServer;
import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.TcpTransport;
import io.capas.transport.udp.ReliableUdpTransport;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server JVM of the suites that need more than {@code capas serve}: {@code suma} (of two ints)
 * and {@code echo} over any binding, plus {@code whoami} (the NAME it was started with), {@code
 * record(id)}, which counts its executions per id, and {@code executions()}, which reports them, so
 * a suite can prove that every call ran exactly once.
 *
 * <pre>{@code
 * ItServer http|framed|udp PORT [NAME]     prints "ready BINDING PORT" when serving
 * }</pre>
 *
 * <p>With {@code -Dcapas.it.grace-ms=N}, SIGTERM shuts the server down gracefully ({@link
 * RpcServer#shutdown(Duration)}: stop accepting, let calls in flight finish within N ms), then
 * prints "drained NAME"; without it the JVM just exits.
 */
public final class ItServer {

  private ItServer() {}

  public static void main(String[] args) throws Exception {
    String binding = args[0];
    Endpoint local = Endpoint.of("0.0.0.0", Integer.parseInt(args[1]));
    String name = args.length > 2 ? args[2] : "capas";
    RpcServer server =
        switch (binding) {
          case "http" -> RpcServer.http(tcp(), local);
          case "framed" -> RpcServer.framed(tcp(), local);
          case "udp" ->
              RpcServer.messages(
                  new ReliableUdpTransport(RpcDriver.udpConfig(), HostResolver.system()), local);
          default ->
              throw new IllegalArgumentException("binding is http, framed or udp: " + binding);
        };
    Map<String, AtomicInteger> executions = new ConcurrentHashMap<>();
    server
        .addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b)
        .addMethod("echo", params -> params.get(0))
        .addMethod("whoami", params -> name)
        .addMethod(
            "record",
            String.class,
            id -> executions.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet())
        .addMethod(
            "executions",
            params -> {
              Map<String, Object> counts = new LinkedHashMap<>();
              executions.forEach((id, count) -> counts.put(id, count.get()));
              return counts;
            });
    server.start();
    Long graceMillis = Long.getLong("capas.it.grace-ms");
    if (graceMillis != null) {
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      server.shutdown(Duration.ofMillis(graceMillis));
                      System.out.println("drained " + name);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  },
                  "graceful-shutdown"));
    }
    System.out.println("ready " + binding + " " + server.port());
    server.serve();
  }

  private static TcpTransport tcp() {
    return new TcpTransport(TcpConfig.defaults(), HostResolver.system());
  }

  static List<String> bindings() {
    return List.of("http", "framed", "udp");
  }
}
