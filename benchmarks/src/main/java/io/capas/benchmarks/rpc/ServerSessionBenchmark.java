package io.capas.benchmarks.rpc;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.capas.micrometer.ServerMetrics;
import io.capas.opentelemetry.ServerTracing;
import io.capas.rpc.RpcServer;
import io.capas.transport.Connection;
import io.capas.transport.Endpoint;
import io.capas.transport.Server;
import io.capas.transport.Session;
import io.capas.transport.SessionContext;
import io.capas.transport.SessionFactory;
import io.capas.transport.Transport;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One whole XML-RPC call through the HTTP server session, in memory: the request bytes are pushed
 * into the session exactly as a transport would, the session parses the HTTP head, the XML, runs
 * the handler and writes the response into a context that only counts bytes. This is the server's
 * own cost per call (and, with {@code -prof gc}, its allocation per call), without sockets.
 *
 * <p>{@code pipeline}: {@code none} (the default server), {@code interceptor} (one server
 * interceptor that only proceeds) or {@code listener} (one call listener that does nothing): what
 * the call pipeline's hooks cost when they are used; {@code metrics} ({@code capas-micrometer}'s
 * {@code ServerMetrics} on a {@code SimpleMeterRegistry}) and {@code tracing} ({@code
 * capas-opentelemetry}'s {@code ServerTracing} on the OpenTelemetry SDK, every call sampled, each
 * span handed at its end to an exporter that drops it): what the optional integrations cost per
 * call.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ServerSessionBenchmark {
  @Param({"none", "interceptor", "listener", "metrics", "tracing"})
  public String pipeline;

  private static final String SUMA =
      "<?xml version=\"1.0\"?><methodCall><methodName>suma</methodName><params>"
          + "<param><value><int>2</int></value></param><param><value><int>3</int></value></param>"
          + "</params></methodCall>";

  private Session session;
  private ByteBuffer suma;
  private ByteBuffer struct;
  private final CountingContext context = new CountingContext();

  /** Captures the session factory the binding hands to the transport. */
  private static final class CapturingTransport implements Transport {
    SessionFactory sessions;

    @Override
    public Connection connect(Endpoint remote, Duration connectTimeout) {
      throw new UnsupportedOperationException(
          "this capturing transport only serves; the benchmark pushes bytes itself");
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

  /** Counts what the session writes, so that the JIT cannot drop the work. */
  static final class CountingContext implements SessionContext {
    long bytes;

    @Override
    public void write(ByteBuffer data) {
      bytes += data.remaining();
      data.position(data.limit());
    }

    @Override
    public void readTimeout(Duration timeout) {}

    @Override
    public void close() {
      throw new IllegalStateException("the session closed the connection");
    }

    @Override
    public InetSocketAddress localAddress() {
      return new InetSocketAddress(0);
    }

    @Override
    public InetSocketAddress remoteAddress() {
      return new InetSocketAddress(0);
    }
  }

  static String post(String body) {
    return "POST /RPC2 HTTP/1.1\r\nHost: localhost\r\n"
        + "User-Agent: bench\r\nContent-Type: text/xml\r\n"
        + "Content-Length: "
        + body.length()
        + "\r\n\r\n"
        + body;
  }

  static String struct50() {
    StringBuilder b =
        new StringBuilder(
            "<?xml version=\"1.0\"?><methodCall><methodName>echo</methodName>"
                + "<params><param><value><struct>");
    for (int i = 0; i < 50; i++) {
      b.append("<member><name>m").append(i).append("</name><value>");
      switch (i % 5) {
        case 0 -> b.append("<int>").append(i).append("</int>");
        case 1 -> b.append("<string>value ").append(i).append("</string>");
        case 2 -> b.append("<double>").append(i).append(".5</double>");
        case 3 -> b.append("<boolean>1</boolean>");
        default -> b.append("<dateTime.iso8601>19980717T14:08:55</dateTime.iso8601>");
      }
      b.append("</value></member>");
    }
    return b.append("</struct></value></param></params></methodCall>").toString();
  }

  private @Nullable OpenTelemetrySdk sdk;

  /**
   * The SDK with every span sampled and exported at its end (to an exporter that drops it): a
   * batching processor would drop spans itself at this rate (its queue full), which would flatter
   * the figure.
   */
  private OpenTelemetry tracingSdk() {
    SpanExporter dropping =
        new SpanExporter() {
          @Override
          public CompletableResultCode export(Collection<SpanData> spans) {
            return CompletableResultCode.ofSuccess();
          }

          @Override
          public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
          }

          @Override
          public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
          }
        };
    sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(dropping))
                    .build())
            .build();
    return sdk;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    if (sdk != null) {
      sdk.close();
    }
  }

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    CapturingTransport transport = new CapturingTransport();
    RpcServer server =
        RpcServer.http(transport, Endpoint.of("localhost", 0))
            .addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b)
            .addMethod("echo", Map.class, x -> x);
    switch (pipeline) {
      case "none" -> {}
      case "interceptor" -> server.intercept((context, call, next) -> next.proceed(context, call));
      case "listener" -> server.listen((context, result) -> {});
      case "metrics" -> ServerMetrics.of(new SimpleMeterRegistry()).bindTo(server);
      case "tracing" -> ServerTracing.of(tracingSdk()).bindTo(server);
      default -> throw new IllegalArgumentException("unknown pipeline " + pipeline);
    }
    server.start();
    session = transport.sessions.open(context);
    suma = ByteBuffer.wrap(post(SUMA).getBytes(US_ASCII));
    struct = ByteBuffer.wrap(post(struct50()).getBytes(US_ASCII));
    // Sanity: one call answers.
    suma();
    if (context.bytes == 0) {
      throw new IllegalStateException("no response");
    }
  }

  @Benchmark
  public long suma() throws IOException {
    suma.clear();
    session.onData(suma);
    return context.bytes;
  }

  @Benchmark
  public long echoStruct50() throws IOException {
    struct.clear();
    session.onData(struct);
    return context.bytes;
  }
}
