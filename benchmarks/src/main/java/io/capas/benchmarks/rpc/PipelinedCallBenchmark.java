package io.capas.benchmarks.rpc;

import io.capas.rpc.Client;
import io.capas.rpc.FramedClientSettings;
import io.capas.rpc.HttpClientSettings;
import io.capas.rpc.RpcServer;
import io.capas.transport.Dialer;
import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.TcpTransport;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Calls per second on ONE loopback connection, capas client to capas server in one JVM: {@code
 * suma(a, b)} with arguments that differ per thread and call, every answer checked.
 *
 * <ul>
 *   <li>{@code http}: the HTTP binding. No XML-RPC HTTP client pipelines, so one connection carries
 *       one call at a time: concurrent callers take turns under a lock (else the pool would open a
 *       connection per caller).
 *   <li>{@code framed}: the framed binding, one call at a time per connection (callers take turns
 *       likewise).
 *   <li>{@code framed-pipelined}: {@link FramedInvoker#pipelined}: every caller writes its request
 *       at once on the shared connection; the server answers the requests of one read in one write.
 * </ul>
 *
 * <p>{@code oneCaller} is one thread; {@code sixteenCallers} is 16. The server's model is the
 * {@code model} parameter (thread per connection by default: a virtual thread per connection).
 * Teardown checks that the server saw exactly one connection.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PipelinedCallBenchmark {
  @Param({"http", "framed", "framed-pipelined"})
  public String client;

  @Param({"THREAD_PER_CONNECTION"})
  public String model;

  private RpcServer server;
  private Client calls;
  private final AtomicInteger accepted = new AtomicInteger();
  private final ReentrantLock oneAtATime = new ReentrantLock();
  private boolean serialize;

  /** Per-thread arguments, so that a misrouted answer shows. */
  @State(Scope.Thread)
  public static class Caller {
    private static final AtomicInteger THREADS = new AtomicInteger();
    final int base = THREADS.incrementAndGet() * 10_000_000;
    int i;
  }

  @Setup(Level.Trial)
  public void setUp() {
    TcpTransport transport =
        new TcpTransport(
            TcpConfig.defaults().toBuilder().model(TcpConfig.Model.valueOf(model)).build(),
            HostResolver.system());
    Endpoint local = Endpoint.of("127.0.0.1", 0);
    RpcServer created =
        client.equals("http")
            ? RpcServer.http(transport, local)
            : RpcServer.framed(transport, local);
    server = created.addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b).start();
    Endpoint remote = Endpoint.of("127.0.0.1", server.port());
    Dialer counting =
        (to, timeout) -> {
          accepted.incrementAndGet();
          return transport.connect(to, timeout);
        };
    serialize = !client.equals("framed-pipelined");
    calls =
        switch (client) {
          case "http" ->
              HttpClientSettings.builder()
                  .endpoint(remote.host(), remote.port())
                  .dialer(counting)
                  .maxIdleConnections(1)
                  .build()
                  .client();
          case "framed" ->
              FramedClientSettings.builder().endpoint(remote).dialer(counting).build().client();
          case "framed-pipelined" ->
              FramedClientSettings.builder()
                  .endpoint(remote)
                  .dialer(counting)
                  .pipelined()
                  .build()
                  .client();
          default -> throw new IllegalArgumentException("unknown client " + client);
        };
    check(2, 3, calls.call("suma", 2, 3));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    int connections = accepted.get();
    calls.close();
    server.close();
    if (connections != 1) {
      throw new IllegalStateException(client + " opened " + connections + " connections, not 1");
    }
  }

  private static int check(int a, int b, Object answer) {
    if (!(answer instanceof Integer sum) || sum != a + b) {
      throw new IllegalStateException("suma(" + a + ", " + b + ") answered " + answer);
    }
    return sum;
  }

  private int call(Caller caller) {
    int a = caller.base + (caller.i++ & 0xFFFFF);
    int b = caller.i & 0xFF;
    if (!serialize) {
      return check(a, b, calls.call("suma", a, b));
    }
    oneAtATime.lock();
    try {
      return check(a, b, calls.call("suma", a, b));
    } finally {
      oneAtATime.unlock();
    }
  }

  @Benchmark
  @Threads(1)
  public int oneCaller(Caller caller) {
    return call(caller);
  }

  @Benchmark
  @Threads(16)
  public int sixteenCallers(Caller caller) {
    return call(caller);
  }
}
