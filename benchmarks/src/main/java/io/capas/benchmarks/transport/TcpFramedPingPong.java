package io.capas.benchmarks.transport;

import io.capas.framing.FrameEncoder;
import io.capas.framing.FrameReader;
import io.capas.socket.TcpClient;
import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.Server;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.TcpTransport;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Ping-pong of one length-prefixed frame on one loopback connection, all capas: a {@link TcpClient}
 * from {@link TcpTransport#connect} writes the frame with {@link FrameEncoder} and reads the answer
 * with {@link FrameReader}; the server is a {@link TcpTransport} under the given model whose
 * session decodes each frame with the framing module's {@code FrameDecoder} and writes it back.
 * Compare with {@code io.capas.benchmarks.RawSocketPingPong} in the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TcpFramedPingPong {

  @Param({"64"})
  public int size;

  @Param({"THREAD_PER_CONNECTION", "SEQUENTIAL", "POOL", "MULTIPLEX"})
  public String model;

  private Server server;
  private TcpClient client;
  private OutputStream out;
  private FrameReader in;
  private byte[] message;

  @Setup(Level.Trial)
  public void start() throws IOException {
    TcpTransport transport =
        new TcpTransport(
            TcpConfig.builder().model(TcpConfig.Model.valueOf(model)).build(),
            HostResolver.system());
    server = transport.serve(Endpoint.of("127.0.0.1", 0), FrameSessions.echo());
    client =
        transport.connect(
            Endpoint.of("127.0.0.1", server.address().getPort()), Duration.ofSeconds(10));
    client.readTimeout(Duration.ofSeconds(30));
    out = client.output();
    in = new FrameReader(client.input(), FrameSessions.MAX_FRAME);
    message = new byte[size];
  }

  @Benchmark
  public byte[] pingPong() throws IOException {
    FrameEncoder.write(out, message);
    return in.read().orElseThrow();
  }

  @TearDown(Level.Trial)
  public void stop() {
    client.close();
    server.close();
  }
}
