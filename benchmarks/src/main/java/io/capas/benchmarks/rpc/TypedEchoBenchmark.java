package io.capas.benchmarks.rpc;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.capas.rpc.RpcServer;
import io.capas.transport.Connection;
import io.capas.transport.Endpoint;
import io.capas.transport.Server;
import io.capas.transport.Session;
import io.capas.transport.SessionFactory;
import io.capas.transport.Transport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A 50-member struct echoed through the HTTP server session in memory (as {@link
 * ServerSessionBenchmark} does), once into a {@code Map} handler and once into a handler taking and
 * returning a 50-component record (issue 15): what typed values cost per call over the plain
 * mapping, parsing, dispatch and writing included. The target: the record echo at most 1.3x
 * the map echo's time.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TypedEchoBenchmark {
  /** The members of {@link ServerSessionBenchmark#struct50()}, as a record. */
  public record Struct50(
      int m0,
      String m1,
      double m2,
      boolean m3,
      LocalDateTime m4,
      int m5,
      String m6,
      double m7,
      boolean m8,
      LocalDateTime m9,
      int m10,
      String m11,
      double m12,
      boolean m13,
      LocalDateTime m14,
      int m15,
      String m16,
      double m17,
      boolean m18,
      LocalDateTime m19,
      int m20,
      String m21,
      double m22,
      boolean m23,
      LocalDateTime m24,
      int m25,
      String m26,
      double m27,
      boolean m28,
      LocalDateTime m29,
      int m30,
      String m31,
      double m32,
      boolean m33,
      LocalDateTime m34,
      int m35,
      String m36,
      double m37,
      boolean m38,
      LocalDateTime m39,
      int m40,
      String m41,
      double m42,
      boolean m43,
      LocalDateTime m44,
      int m45,
      String m46,
      double m47,
      boolean m48,
      LocalDateTime m49) {}

  private Session session;
  private ByteBuffer map;
  private ByteBuffer record;
  private final ServerSessionBenchmark.CountingContext context =
      new ServerSessionBenchmark.CountingContext();

  /** Captures the session factory the binding hands to the transport. */
  private static final class CapturingTransport implements Transport {
    SessionFactory sessions;

    @Override
    public Connection connect(Endpoint remote, Duration connectTimeout) {
      throw new UnsupportedOperationException("this capturing transport only serves");
    }

    @Override
    public Server serve(Endpoint local, SessionFactory sessions) {
      this.sessions = sessions;
      return new Server() {
        @Override
        public InetSocketAddress address() {
          return new InetSocketAddress(0);
        }

        @Override
        public int activeConnections() {
          return 1;
        }

        @Override
        public void shutdown(Duration grace) {}

        @Override
        public void close() {}
      };
    }
  }

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    CapturingTransport transport = new CapturingTransport();
    RpcServer.http(transport, Endpoint.of("localhost", 0))
        .addMethod("echo", Map.class, x -> x)
        .addMethod("echoRecord", Struct50.class, x -> x)
        .start();
    session = transport.sessions.open(context);
    String body = ServerSessionBenchmark.struct50();
    map = ByteBuffer.wrap(ServerSessionBenchmark.post(body).getBytes(US_ASCII));
    record =
        ByteBuffer.wrap(
            ServerSessionBenchmark.post(
                    body.replace("<methodName>echo<", "<methodName>echoRecord<"))
                .getBytes(US_ASCII));
    long before = context.bytes;
    mapEcho();
    long mapBytes = context.bytes - before;
    recordEcho();
    long recordBytes = context.bytes - before - mapBytes;
    // Sanity: both answer with the same struct (a fault would be much shorter).
    if (mapBytes == 0 || mapBytes != recordBytes) {
      throw new IllegalStateException("answers differ: " + mapBytes + " vs " + recordBytes);
    }
  }

  @Benchmark
  public long mapEcho() throws IOException {
    map.clear();
    session.onData(map);
    return context.bytes;
  }

  @Benchmark
  public long recordEcho() throws IOException {
    record.clear();
    session.onData(record);
    return context.bytes;
  }
}
