package io.capas.benchmarks.udp;

import io.capas.transport.Datagram;
import io.capas.transport.DatagramEndpoint;
import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.RequestChannel;
import io.capas.transport.Server;
import io.capas.transport.udp.DatagramEndpointFactory;
import io.capas.transport.udp.ReliableUdpConfig;
import io.capas.transport.udp.ReliableUdpTransport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
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
 * Time to move a 1 MiB request (answered by a 2-byte reply) over the reliable UDP transport on
 * loopback, with 0% and 10% of the datagrams lost in each direction. Loss comes from a wrapper of
 * the real socket that drops outgoing datagrams at random (as if the network lost them), with the
 * default constants (1,200-byte fragments, bursts of 64, first resend after 100 ms).
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar UdpLargeMessage -f 1 -wi 3 -i 5
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class UdpLargeMessage {

  @Param({"0", "10"})
  public int lossPercent;

  private Server server;
  private RequestChannel channel;
  private final byte[] message = new byte[1 << 20];

  /** Drops a share of the datagrams a real socket sends. */
  private static final class LossyEndpoint implements DatagramEndpoint {
    private final DatagramEndpoint socket;
    private final double loss;
    private final Random random;

    LossyEndpoint(DatagramEndpoint socket, double loss, long seed) {
      this.socket = socket;
      this.loss = loss;
      this.random = new Random(seed);
    }

    @Override
    public void send(byte[] data, InetSocketAddress to) throws IOException {
      boolean lost;
      synchronized (random) {
        lost = random.nextDouble() < loss;
      }
      if (!lost) {
        socket.send(data, to);
      }
    }

    @Override
    public Datagram receive(Duration timeout) throws IOException {
      return socket.receive(timeout);
    }

    @Override
    public InetSocketAddress localAddress() {
      return socket.localAddress();
    }

    @Override
    public void close() {
      socket.close();
    }
  }

  @Setup(Level.Trial)
  public void start() throws IOException {
    new Random(1).nextBytes(message);
    double loss = lossPercent / 100.0;
    Random seeds = new Random(7);
    DatagramEndpointFactory lossy =
        local ->
            new LossyEndpoint(DatagramEndpointFactory.system().open(local), loss, seeds.nextLong());
    ReliableUdpTransport udp =
        new ReliableUdpTransport(ReliableUdpConfig.defaults(), HostResolver.system())
            .withEndpoints(lossy)
            .withHandlerExecutor(Runnable::run);
    byte[] ok = "ok".getBytes(StandardCharsets.US_ASCII);
    server = udp.serve(Endpoint.of("127.0.0.1", 0), (bytes, from) -> ok);
    channel = udp.open(Endpoint.of("127.0.0.1", server.address().getPort()));
  }

  @Benchmark
  public byte[] moveOneMebibyte() throws IOException {
    return channel.call(message, Duration.ofMinutes(1));
  }

  @TearDown(Level.Trial)
  public void stop() {
    channel.close();
    server.close();
  }
}
