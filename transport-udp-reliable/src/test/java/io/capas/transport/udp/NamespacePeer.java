package io.capas.transport.udp;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.capas.transport.HostResolver;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One side of {@link NamespaceLossTest}, run as a child JVM inside a network namespace.
 *
 * <ul>
 *   <li>{@code server HOST PORT}: serves upper-casing with a handler that counts its executions per
 *       request; prints {@code READY}, then on the line {@code STOP} prints {@code EXECUTIONS
 *       total=N distinct=D max=M} and exits.
 *   <li>{@code client HOST PORT CALLS THREADS}: makes the calls and prints {@code RESULT ok=N
 *       wrong=W failed=F}.
 * </ul>
 */
final class NamespacePeer {
  /** Enough resends for 20% loss each way (36% per round trip): 14 sends before giving up. */
  static final ReliableUdpConfig LOSSY_LINK =
      ReliableUdpConfig.builder()
          .initialWait(Duration.ofMillis(50))
          .multiplier(1.5)
          .maxWait(Duration.ofSeconds(10))
          .replyRetention(Duration.ofMinutes(2))
          .build();

  private NamespacePeer() {}

  public static void main(String[] args) throws Exception {
    ReliableUdpTransport udp = new ReliableUdpTransport(LOSSY_LINK, HostResolver.system());
    InetSocketAddress address = new InetSocketAddress(args[1], Integer.parseInt(args[2]));
    if (args[0].equals("server")) {
      serve(udp, address);
    } else {
      call(udp, address, Integer.parseInt(args[3]), Integer.parseInt(args[4]));
    }
  }

  private static void serve(ReliableUdpTransport udp, InetSocketAddress address) throws Exception {
    Map<String, AtomicInteger> executions = new ConcurrentHashMap<>();
    try (ReliableUdpServer server =
        udp.serve(
            address,
            (request, from) -> {
              String text = new String(request, UTF_8);
              executions.computeIfAbsent(text, key -> new AtomicInteger()).incrementAndGet();
              return new UppercaseService().handle(request, from);
            })) {
      System.out.println("READY " + server.address().getPort());
      System.out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, UTF_8));
      for (String line; (line = in.readLine()) != null && !line.equals("STOP"); ) {
        // wait for STOP (or the end of stdin)
      }
      int total = executions.values().stream().mapToInt(AtomicInteger::get).sum();
      int max = executions.values().stream().mapToInt(AtomicInteger::get).max().orElse(0);
      System.out.println(
          "EXECUTIONS total=" + total + " distinct=" + executions.size() + " max=" + max);
      System.out.flush();
    }
  }

  private static void call(
      ReliableUdpTransport udp, InetSocketAddress address, int calls, int threads)
      throws Exception {
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger wrong = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    try (ReliableUdpChannel channel = udp.open(address)) {
      ExecutorService callers = Executors.newFixedThreadPool(threads);
      List<Future<?>> results = new ArrayList<>();
      for (int i = 0; i < calls; i++) {
        String text = "call " + i + " over a lossy link";
        results.add(
            callers.submit(
                () -> {
                  try {
                    String reply =
                        new String(
                            channel.call(text.getBytes(UTF_8), Duration.ofMinutes(2)), UTF_8);
                    (reply.equals(text.toUpperCase(Locale.ROOT)) ? ok : wrong).incrementAndGet();
                  } catch (IOException e) {
                    System.out.println("FAILED " + text + ": " + e);
                    failed.incrementAndGet();
                  }
                }));
      }
      for (Future<?> result : results) {
        result.get(5, TimeUnit.MINUTES);
      }
      callers.shutdown();
    }
    System.out.println("RESULT ok=" + ok + " wrong=" + wrong + " failed=" + failed);
    System.out.flush();
  }
}
