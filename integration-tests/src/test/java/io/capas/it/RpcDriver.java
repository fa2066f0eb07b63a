package io.capas.it;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.capas.rpc.Client;
import io.capas.rpc.FramedClientSettings;
import io.capas.rpc.HttpClientSettings;
import io.capas.rpc.MessageClientSettings;
import io.capas.rpc.RpcException;
import io.capas.rpc.RpcFault;
import io.capas.socket.Dns;
import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.udp.ReliableUdpConfig;
import io.capas.transport.udp.ReliableUdpTransport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The client JVM of the suites, run inside a container. Each command prints {@code key=value} lines
 * that the suite asserts on, and exits 0 unless the command itself could not run.
 *
 * <pre>{@code
 * RpcDriver types URL [python]            echo of every type, suma, a fault:
 *                                         prints "ok NAME" / "bad NAME ..."
 * RpcDriver load URL SECONDS DEADLINE_MS  suma calls for SECONDS (or until /tmp/stop exists);
 *                                         a timeline of outcomes
 * RpcDriver once URL COUNT                COUNT record(id) calls, then executions(): each must be 1
 * RpcDriver spread HOST PORT COUNT        resolves every address of HOST, spreads calls over them
 * }</pre>
 *
 * <p>URL: {@code http://H:P/RPC2}, {@code framed://H:P} or {@code udp://H:P}. While {@code load}
 * runs, {@code /tmp/progress} holds the number of successful calls so far.
 */
public final class RpcDriver {

  private RpcDriver() {}

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "types" -> types(args[1], args.length > 2 && args[2].equals("python"));
      case "load" ->
          load(args[1], Integer.parseInt(args[2]), Duration.ofMillis(Long.parseLong(args[3])));
      case "once" -> once(args[1], Integer.parseInt(args[2]));
      case "spread" -> spread(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
      default -> throw new IllegalArgumentException("unknown command " + args[0]);
    }
  }

  static Client client(String url, Duration timeout) {
    URI uri = URI.create(url);
    Endpoint remote = Endpoint.of(uri.getHost(), uri.getPort());
    return switch (uri.getScheme()) {
      case "http" ->
          HttpClientSettings.builder()
              .url(url)
              .timeout(timeout)
              .connectTimeout(timeout)
              .build()
              .client();
      case "framed" ->
          FramedClientSettings.builder().endpoint(remote).timeout(timeout).build().client();
      case "udp" ->
          MessageClientSettings.builder()
              .transport(new ReliableUdpTransport(udpConfig(), HostResolver.system()))
              .endpoint(remote)
              .timeout(timeout)
              .build()
              .client();
      default -> throw new IllegalArgumentException("unsupported URL " + url);
    };
  }

  /**
   * {@link ReliableUdpConfig#defaults()} by default (100 ms first wait, doubling up to 2 s: 5 sends
   * over about 3.1 s); with {@code -Dcapas.udp.patient=true} (the packet-loss suite) the client
   * keeps resending for about 30 s, growing its wait by 1.5 up to 10 s, so that at 20% loss each
   * way (a round trip succeeds 64% of the time) a call gives up with a chance of about 0.36^12.
   */
  static ReliableUdpConfig udpConfig() {
    if (!Boolean.getBoolean("capas.udp.patient")) {
      return ReliableUdpConfig.defaults();
    }
    return ReliableUdpConfig.builder()
        .multiplier(1.5)
        .maxWait(Duration.ofSeconds(10))
        .replyRetention(Duration.ofMinutes(2))
        .build();
  }

  /**
   * With {@code python} the peer is Python's SimpleXMLRPCServer, which cannot send ints beyond 32
   * bits, sends a CR raw (so the receiving parser turns it into LF, as XML requires), and answers
   * an unknown method with fault code 1: those three checks adapt, everything else is the same.
   */
  private static void types(String url, boolean python) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("int", 41);
    values.put("negative", -2147483648);
    if (!python) {
      values.put("i8", 1L << 40);
    }
    values.put("boolean", true);
    values.put("string", python ? "árbol <&> \n\t 😀 end" : "árbol <&> \r\n\t 😀 end");
    values.put("empty", "");
    values.put("double", 0.1 + 0.2);
    values.put("huge", 1.7976931348623157E308);
    values.put("dateTime", LocalDateTime.of(1998, 7, 17, 14, 8, 55));
    values.put("base64", new byte[] {0, 1, 2, (byte) 255});
    values.put("array", List.of(1, "two", 3.0, List.of()));
    Map<String, Object> struct = new LinkedHashMap<>();
    struct.put("name", "capas");
    struct.put("nested", Map.of("deep", List.of(true, false)));
    values.put("struct", struct);
    values.put("nil", null);
    try (Client client = client(url, Duration.ofSeconds(20))) {
      values.forEach((name, value) -> check(name, value, () -> client.call("echo", value)));
      check("suma", 5, () -> client.call("suma", 2, 3));
      try {
        client.call("no.such.method");
        System.out.println("bad fault: no fault");
      } catch (RpcFault fault) {
        int expected = python ? 1 : -32601;
        System.out.println(fault.code() == expected ? "ok fault" : "bad fault " + fault.code());
      }
    }
  }

  private static void check(String name, Object expected, Supplier<Object> call) {
    try {
      Object got = call.get();
      boolean same =
          expected instanceof byte[] bytes
              ? got instanceof byte[] gotBytes && Arrays.equals(bytes, gotBytes)
              : Objects.equals(expected, got);
      System.out.println(same ? "ok " + name : "bad " + name + " got " + got);
    } catch (RuntimeException e) {
      System.out.println("bad " + name + " " + e);
    }
  }

  /**
   * Calls suma for {@code seconds}; prints ok/failed counts, the slowest failure, wrong answers
   * (never acceptable), and how many calls succeeded after the last failure (recovery).
   */
  private static void load(String url, int seconds, Duration deadline) throws IOException {
    long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    int ok = 0;
    int failed = 0;
    int wrong = 0;
    int okAfterFailure = 0;
    long slowestFailureMillis = 0;
    Map<String, Integer> kinds = new TreeMap<>();
    Path progress = Path.of("/tmp/progress");
    Path stop = Path.of("/tmp/stop");
    try (Client client = client(url, deadline)) {
      for (int i = 0; System.nanoTime() < end && i < 1_000_000; i++) {
        long start = System.nanoTime();
        try {
          Object sum = client.call("suma", i, 1);
          if (Objects.equals(sum, i + 1)) {
            ok++;
            if (failed > 0) {
              okAfterFailure++;
            }
          } else {
            wrong++;
          }
        } catch (RpcException e) {
          failed++;
          okAfterFailure = 0;
          kinds.merge(e instanceof RpcFault ? "FAULT" : e.kind().name(), 1, Integer::sum);
          slowestFailureMillis =
              Math.max(slowestFailureMillis, (System.nanoTime() - start) / 1_000_000);
        }
        if (i % 10 == 0) {
          Files.writeString(progress, ok + " " + failed + "\n", UTF_8);
          if (Files.exists(stop)) {
            break;
          }
        }
      }
    }
    System.out.println("calls=" + (ok + failed + wrong));
    System.out.println("ok=" + ok);
    System.out.println("failed=" + failed);
    System.out.println("wrong=" + wrong);
    System.out.println("okAfterLastFailure=" + okAfterFailure);
    System.out.println("slowestFailureMillis=" + slowestFailureMillis);
    System.out.println("kinds=" + kinds);
  }

  private static void once(String url, int count) {
    try (Client client = client(url, Duration.ofSeconds(30))) {
      int answered = 0;
      for (int i = 0; i < count; i++) {
        Object n = client.call("record", "call-" + i);
        if (Objects.equals(n, 1)) {
          answered++;
        }
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> executions = (Map<String, Object>) client.call("executions");
      long once = executions.values().stream().filter(v -> Objects.equals(v, 1)).count();
      System.out.println("answeredOnce=" + answered);
      System.out.println("ids=" + executions.size());
      System.out.println("executedOnce=" + once);
    }
  }

  /**
   * Resolves every address of {@code host} (Docker's resolver answers an alias shared by several
   * containers with all of them) and spreads {@code count} calls round-robin over them; an address
   * that fails is dropped and the call goes to the next one.
   */
  private static void spread(String host, int port, int count) throws IOException {
    List<InetSocketAddress> addresses = new ArrayList<>(Dns.addrinfo(host, port));
    List<Client> clients = new ArrayList<>();
    for (InetSocketAddress address : addresses) {
      clients.add(
          client(
              "http://" + address.getAddress().getHostAddress() + ":" + port + "/RPC2",
              Duration.ofSeconds(5)));
    }
    Map<String, Integer> byServer = new TreeMap<>();
    int failedOver = 0;
    int lost = 0;
    for (int i = 0; i < count; i++) {
      boolean done = false;
      // Every address once; a single address (a proxy) gets a second try: whoami is idempotent.
      for (int tries = 0; tries < Math.max(2, clients.size()) && !done; tries++) {
        Client client = clients.get((i + tries) % clients.size());
        try {
          byServer.merge(String.valueOf(client.call("whoami")), 1, Integer::sum);
          done = true;
        } catch (RpcException e) {
          failedOver++;
        }
      }
      if (!done) {
        lost++;
      }
    }
    clients.forEach(Client::close);
    System.out.println("addresses=" + addresses.size());
    System.out.println("servers=" + byServer.size());
    System.out.println("byServer=" + byServer);
    System.out.println("failedOver=" + failedOver);
    System.out.println("lost=" + lost);
  }
}
