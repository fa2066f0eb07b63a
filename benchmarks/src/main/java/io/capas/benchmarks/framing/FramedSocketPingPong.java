package io.capas.benchmarks.framing;

import io.capas.framing.FrameEncoder;
import io.capas.framing.FrameReader;
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

  private ServerSocket listener;
  private Thread echo;
  private Socket socket;
  private OutputStream out;
  private FrameReader reader;
  private byte[] message;

  @Setup(Level.Trial)
  public void start() throws IOException {
    listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    echo = Thread.ofPlatform().daemon().start(this::echoLoop);
    socket = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
    socket.setTcpNoDelay(true);
    out = socket.getOutputStream();
    reader = new FrameReader(socket.getInputStream(), 1 << 20);
    message = new byte[size];
  }

  private void echoLoop() {
    try (Socket peer = listener.accept()) {
      peer.setTcpNoDelay(true);
      InputStream pin = peer.getInputStream();
      OutputStream pout = peer.getOutputStream();
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = pin.read(buffer)) > 0; ) {
        pout.write(buffer, 0, n);
      }
    } catch (IOException closed) {
      // the trial ended
    }
  }

  @Benchmark
  public byte[] pingPong() throws IOException {
    FrameEncoder.write(out, message);
    return reader.read().orElseThrow();
  }

  @TearDown(Level.Trial)
  public void stop() throws IOException, InterruptedException {
    socket.close();
    listener.close();
    echo.join(5_000);
  }
}
