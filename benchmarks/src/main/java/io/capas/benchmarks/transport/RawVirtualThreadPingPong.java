package io.capas.benchmarks.transport;

import io.capas.benchmarks.LoopbackEcho;
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
 * {@code io.capas.benchmarks.RawSocketPingPong} with the echo on a <em>virtual</em> thread: nothing
 * of capas runs. It shows what the JDK's virtual-thread socket wakeups cost by themselves, the
 * ceiling of the thread-per-connection model of {@link TcpFramedPingPong}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RawVirtualThreadPingPong {

  @Param({"64"})
  public int size;

  private LoopbackEcho echo;
  private OutputStream out;
  private DataInputStream in;
  private byte[] message;
  private byte[] reply;

  @Setup(Level.Trial)
  public void start() throws IOException {
    echo = LoopbackEcho.start(Thread.ofVirtual());
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
