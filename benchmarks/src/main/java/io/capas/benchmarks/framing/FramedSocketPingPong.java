package io.capas.benchmarks.framing;

import io.capas.benchmarks.LoopbackEcho;
import io.capas.framing.FrameEncoder;
import io.capas.framing.FrameReader;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
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
 * {@link io.capas.benchmarks.RawSocketPingPong} with framing on the client side: each round trip
 * sends one length-prefixed frame ({@link FrameEncoder#write}) and reads it back with a {@link
 * FrameReader}; the peer is the same plain byte echo. Compare the two in one run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FramedSocketPingPong {
  @Param({"64"})
  public int size;

  private LoopbackEcho echo;
  private OutputStream out;
  private FrameReader reader;
  private byte[] message;

  @Setup(Level.Trial)
  public void start() throws IOException {
    echo = LoopbackEcho.start(Thread.ofPlatform().daemon());
    Socket socket = echo.client();
    out = socket.getOutputStream();
    reader = new FrameReader(socket.getInputStream(), 1 << 20);
    message = new byte[size];
  }

  @Benchmark
  public byte[] pingPong() throws IOException {
    FrameEncoder.write(out, message);
    return reader.read().orElseThrow();
  }

  @TearDown(Level.Trial)
  public void stop() throws IOException {
    echo.close();
  }
}
