package io.capas.benchmarks;

import java.io.DataInputStream;
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
 * The baseline every transport benchmark is compared with: a plain {@link Socket} ping-pong of a
 * fixed-size message on one loopback connection, echoed by a plain thread. Nothing of capas runs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RawSocketPingPong {

  @Param({"64"})
  public int size;

  private LoopbackEcho echo;
  private OutputStream out;
  private DataInputStream in;
  private byte[] message;
  private byte[] reply;

  @Setup(Level.Trial)
  public void start() throws IOException {
    echo = LoopbackEcho.start(Thread.ofPlatform().daemon());
    Socket socket = echo.client();
    out = socket.getOutputStream();
    in = new DataInputStream(socket.getInputStream());
    message = new byte[size];
    reply = new byte[size];
  }

  @Benchmark
  public byte[] pingPong() throws IOException {
    out.write(message);
    in.readFully(reply);
    return reply;
  }

  @TearDown(Level.Trial)
  public void stop() throws IOException {
    echo.close();
  }
}
