package io.capas.benchmarks.rpc;

import io.capas.rpc.Client;
import io.capas.rpc.FramedClientSettings;
import io.capas.rpc.HttpClientSettings;
import io.capas.rpc.RpcServer;
import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.TcpTransport;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Sequential {@code suma(2, 3)} calls on one kept-alive loopback connection, capas client to capas
 * server (thread per connection), for the HTTP binding and the framed binding (XML-RPC in
 * length-prefixed frames, no HTTP).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LoopbackCallBenchmark {
  @Param({"http", "framed"})
  public String binding;

  private RpcServer server;
  private Client client;

  @Setup(Level.Trial)
  public void setUp() {
    TcpTransport transport = new TcpTransport(TcpConfig.defaults(), HostResolver.system());
    Endpoint local = Endpoint.of("127.0.0.1", 0);
    RpcServer created =
        binding.equals("http")
            ? RpcServer.http(transport, local)
            : RpcServer.framed(transport, local);
    server = created.addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b).start();
    Endpoint remote = Endpoint.of("127.0.0.1", server.port());
    client =
        binding.equals("http")
            ? HttpClientSettings.builder()
                .endpoint(remote.host(), remote.port())
                .dialer(transport)
                .build()
                .client()
            : FramedClientSettings.builder().endpoint(remote).dialer(transport).build().client();
    if (!Integer.valueOf(5).equals(client.call("suma", 2, 3))) {
      throw new IllegalStateException("wrong answer");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    client.close();
    server.close();
  }

  @Benchmark
  public Object suma() {
    return client.call("suma", 2, 3);
  }
}
