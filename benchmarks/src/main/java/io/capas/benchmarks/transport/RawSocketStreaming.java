package io.capas.benchmarks.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
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
 * The streaming baseline: a plain {@link Socket} writes 64 KiB chunks to a plain thread that reads
 * and drops them. Nothing of capas runs; {@link TcpFramedStreaming} is measured against it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RawSocketStreaming {

  @Param({"65536"})
  public int size;

  private ServerSocket listener;
  private Thread sink;
  private Socket socket;
  private OutputStream out;
  private byte[] chunk;

  @Setup(Level.Trial)
  public void start() throws IOException {
    listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    sink = Thread.ofPlatform().daemon().start(this::drain);
    socket = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
    socket.setTcpNoDelay(true);
    out = socket.getOutputStream();
    chunk = new byte[size];
  }

  private void drain() {
    try (Socket peer = listener.accept()) {
      InputStream in = peer.getInputStream();
      byte[] buffer = new byte[256 * 1024];
      while (in.read(buffer) > 0) {
        // drop
      }
    } catch (IOException closed) {
      // the trial ended
    }
  }

  @Benchmark
  public void send() throws IOException {
    out.write(chunk);
  }

  @TearDown(Level.Trial)
  public void stop() throws IOException, InterruptedException {
    socket.close();
    listener.close();
    sink.join(5_000);
  }
}
