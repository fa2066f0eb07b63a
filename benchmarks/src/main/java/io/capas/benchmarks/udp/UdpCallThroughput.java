package io.capas.benchmarks.udp;

import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.RequestChannel;
import io.capas.transport.Server;
import io.capas.transport.udp.ReliableUdpConfig;
import io.capas.transport.udp.ReliableUdpTransport;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * Calls per second for 64-byte payloads on loopback: the reliable UDP transport against a raw UDP
 * ping-pong (one {@link DatagramSocket} echoing on a plain thread), in the same run. Goal: the
 * reliable transport reaches at least 80% of the raw figure.
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar UdpCallThroughput -f 1 -wi 3 -i 5
 * }</pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class UdpCallThroughput {
  private static final int SIZE = 64;

  /** The baseline: send a datagram, wait for its echo. */
  @State(Scope.Benchmark)
  public static class Raw {
    private DatagramSocket echo;
    private DatagramSocket client;
    private Thread echoThread;
    private DatagramPacket request;
    private DatagramPacket reply;

    @Setup(Level.Trial)
    public void start() throws IOException {
      InetAddress loopback = InetAddress.getLoopbackAddress();
      echo = new DatagramSocket(new InetSocketAddress(loopback, 0));
      echoThread = Thread.ofPlatform().daemon().name("raw-udp-echo").start(this::echoLoop);
      client = new DatagramSocket(new InetSocketAddress(loopback, 0));
      client.setSoTimeout(5_000);
      request = new DatagramPacket(new byte[SIZE], SIZE, echo.getLocalSocketAddress());
      reply = new DatagramPacket(new byte[2048], 2048);
    }

    private void echoLoop() {
      byte[] buffer = new byte[2048];
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        while (true) {
          packet.setLength(buffer.length);
          echo.receive(packet);
          echo.send(packet);
        }
      } catch (IOException closed) {
        // the trial ended
      }
    }

    byte[] pingPong() throws IOException {
      client.send(request);
      reply.setLength(2048);
      client.receive(reply);
      return reply.getData();
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
      client.close();
      echo.close();
      echoThread.join(5_000);
    }
  }

  /** A reliable UDP echo server and one channel to it. */
  @State(Scope.Benchmark)
  public static class Reliable {
    /** Where handlers run: a virtual thread per request (the default) or the receiving thread. */
    @Param({"virtual", "direct"})
    public String handlers;

    /** {@link ReliableUdpConfig#replySpins()}: how long a caller spins before parking. */
    @Param({"0"})
    public int spins;

    private ExecutorService executor;
    private Server server;
    private RequestChannel channel;
    private final byte[] message = new byte[SIZE];

    @Setup(Level.Trial)
    public void start() throws IOException {
      executor =
          handlers.equals("direct")
              ? null
              : Executors.newThreadPerTaskExecutor(Thread.ofVirtual().factory());
      ReliableUdpTransport udp =
          new ReliableUdpTransport(
                  ReliableUdpConfig.builder().replySpins(spins).build(), HostResolver.system())
              .withHandlerExecutor(executor == null ? Runnable::run : executor);
      server = udp.serve(Endpoint.of("127.0.0.1", 0), (bytes, from) -> bytes);
      channel = udp.open(Endpoint.of("127.0.0.1", server.address().getPort()));
    }

    byte[] call() throws IOException {
      return channel.call(message, Duration.ofSeconds(30));
    }

    @TearDown(Level.Trial)
    public void stop() {
      channel.close();
      server.close();
      if (executor != null) {
        executor.shutdownNow();
      }
    }
  }

  /**
   * Time spent in each kind of round trip when they alternate call by call, so that both see the
   * same machine: on a shared VM whose wake-up latency swings by 3x from one second to the next,
   * separate runs of the two benchmarks above cannot be compared. Reliable throughput as a share of
   * raw is {@code rawNanos / reliableNanos}.
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Split {
    public long rawNanos;
    public long reliableNanos;

    @Setup(Level.Iteration)
    public void clear() {
      rawNanos = 0;
      reliableNanos = 0;
    }
  }

  @Benchmark
  public byte[] interleaved(Raw raw, Reliable reliable, Split split) throws IOException {
    long start = System.nanoTime();
    raw.pingPong();
    long middle = System.nanoTime();
    byte[] reply = reliable.call();
    split.rawNanos += middle - start;
    split.reliableNanos += System.nanoTime() - middle;
    return reply;
  }

  @Benchmark
  public byte[] rawUdpPingPong(Raw raw) throws IOException {
    return raw.pingPong();
  }

  @Benchmark
  public byte[] reliableUdpCall(Reliable reliable) throws IOException {
    return reliable.call();
  }
}
