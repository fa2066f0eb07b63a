package io.capas.benchmarks.transport;

import io.capas.framing.FrameEncoder;
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
 * Streams 64 KiB length-prefixed frames one way over one loopback connection: a capas {@link
 * TcpClient} writes each with {@link FrameEncoder}, a {@link TcpTransport} session decodes every
 * frame with the framing module's {@code FrameDecoder} and drops it. One operation is one frame;
 * TCP flow control paces the writer. Compare with {@link RawSocketStreaming} in the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TcpFramedStreaming {

  @Param({"65536"})
  public int size;

  @Param({"THREAD_PER_CONNECTION", "MULTIPLEX"})
  public String model;

  /**
   * {@code write}: {@link FrameEncoder#write} per frame (a header write, then the payload); {@code
   * encoded}: the frame encoded once up front and sent in one write, which isolates the transport
   * from how the encoder writes.
   */
  @Param({"write", "encoded"})
  public String sending;

  private Server server;
  private TcpClient client;
  private OutputStream out;
  private byte[] frame;
  private byte[] encoded;

  @Setup(Level.Trial)
  public void start() throws IOException {
    TcpTransport transport =
        new TcpTransport(
            TcpConfig.builder()
                .model(TcpConfig.Model.valueOf(model))
                .readBufferSize(256 * 1024)
                .build(),
            HostResolver.system());
    server = transport.serve(Endpoint.of("127.0.0.1", 0), FrameSessions.sink());
    client =
        transport.connect(
            Endpoint.of("127.0.0.1", server.address().getPort()), Duration.ofSeconds(10));
    client.readTimeout(Duration.ofSeconds(30));
    out = client.output();
    frame = new byte[size];
    encoded = FrameEncoder.encode(frame);
  }

  @Benchmark
  public void send() throws IOException {
    if (sending.equals("encoded")) {
      out.write(encoded);
    } else {
      FrameEncoder.write(out, frame);
    }
  }

  @TearDown(Level.Trial)
  public void stop() {
    client.close();
    server.close();
  }
}
