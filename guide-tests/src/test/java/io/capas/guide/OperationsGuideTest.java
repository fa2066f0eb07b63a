package io.capas.guide;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.micrometer.ClientMetrics;
import io.capas.micrometer.PrometheusRoute;
import io.capas.micrometer.ServerMetrics;
import io.capas.opentelemetry.ClientTracing;
import io.capas.opentelemetry.ServerTracing;
import io.capas.rpc.CallContext;
import io.capas.rpc.CallListener;
import io.capas.rpc.Client;
import io.capas.rpc.HttpServerSettings;
import io.capas.rpc.RpcFault;
import io.capas.rpc.RpcServer;
import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.TcpTransport;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * docs/guide/operations.md: a call listener, the access log, a graceful stop, health with a drain
 * delay, Micrometer metrics scraped by Prometheus and OpenTelemetry spans, run.
 */
@Timeout(120)
class OperationsGuideTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  // guide:begin listener
  /** Counts calls per method and outcome; a metrics library would take these numbers. */
  static final class CallCounter implements CallListener {
    final ConcurrentMap<String, LongAdder> counts = new ConcurrentHashMap<>();

    @Override
    public void ended(CallContext context, Result result) {
      String key = context.method() + (result.succeeded() ? " ok" : " fault " + result.faultCode());
      counts.computeIfAbsent(key, k -> new LongAdder()).increment();
    }
  }

  // guide:end listener

  // guide:begin graceful
  /** On SIGTERM (or System.exit): stop accepting, let calls in flight finish, then exit. */
  static Thread gracefulStop(RpcServer server, Duration grace) {
    Thread hook =
        new Thread(
            () -> {
              try {
                server.shutdown(grace);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "capas-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    return hook;
  }

  // guide:end graceful

  @Test
  void listenerAccessLogAndGracefulStop() throws Exception {
    // guide:begin server
    CallCounter counter = new CallCounter();
    RpcServer server =
        RpcServer.http(new TcpTransport(TcpConfig.defaults(), HostResolver.system()), 0)
            .accessLog(true) // one INFO line per call, logger "io.capas.rpc.access"
            .listen(counter)
            .addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b)
            .start();
    Thread hook = gracefulStop(server, Duration.ofSeconds(20));
    // guide:end server
    try (Client client = Client.connect(server.url())) {
      assertEquals(5, client.call("suma", 2, 3));
      assertThrows(RpcFault.class, () -> client.call("nosuch"));
      assertEquals(1, counter.counts.get("suma ok").sum());
      assertEquals(1, counter.counts.get("nosuch fault -32601").sum());
      assertTrue(server.activeConnections() >= 1);
    } finally {
      assertTrue(Runtime.getRuntime().removeShutdownHook(hook));
      hook.start(); // what the JVM does on SIGTERM
      hook.join(Duration.ofSeconds(30));
    }
    assertEquals(0, server.activeConnections());
  }

  private static HttpResponse<String> get(HttpClient http, String url)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(WAIT).build(),
        HttpResponse.BodyHandlers.ofString(UTF_8));
  }

  @Test
  void healthTurns503WhenTheShutdownStartsAndTheDrainDelayKeepsServing() throws Exception {
    TcpTransport transport = new TcpTransport(TcpConfig.defaults(), HostResolver.system());
    // guide:begin health
    RpcServer server =
        RpcServer.http(
                transport,
                Endpoint.of("127.0.0.1", 0),
                HttpServerSettings.defaults()
                    .withHealth("/health") // GET: 200 "ok", 503 "draining" once shutdown starts
                    .withDrainDelay(Duration.ofSeconds(10))) // keep serving 10 s at 503 first
            .addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b)
            .start();
    // guide:end health
    String health = "http://127.0.0.1:" + server.port() + "/health";
    try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
      HttpResponse<String> up = get(http, health);
      assertEquals(200, up.statusCode());
      assertEquals("ok", up.body().strip());
      CompletableFuture<Void> stopping =
          CompletableFuture.runAsync(
              () -> {
                try {
                  server.shutdown(Duration.ofSeconds(10));
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
      HttpResponse<String> down = up;
      for (int i = 0; i < 100 && down.statusCode() == 200; i++) {
        Thread.sleep(20);
        down = get(http, health);
      }
      assertEquals(503, down.statusCode());
      assertEquals("draining", down.body().strip());
      // Within the drain delay the server still answers calls.
      try (Client client = Client.connect(server.url())) {
        assertEquals(5, client.call("suma", 2, 3));
      }
      server.close(); // ends the drain delay at once
      stopping.get(5, TimeUnit.SECONDS);
    } finally {
      server.close();
    }
  }

  @Test
  void prometheusScrapesTheServersMetrics() throws Exception {
    TcpTransport transport = new TcpTransport(TcpConfig.defaults(), HostResolver.system());
    Endpoint local = Endpoint.of("127.0.0.1", 0);
    // guide:begin metrics
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    RpcServer server =
        ServerMetrics.of(registry)
            .bindTo(
                RpcServer.http(
                    transport,
                    local,
                    PrometheusRoute.addTo(HttpServerSettings.defaults(), registry::scrape)))
            .addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b)
            .start(); // GET /metrics on the server's own port: the Prometheus text
    Client client = ClientMetrics.of(registry).bindTo(Client.connect(server.url()));
    // guide:end metrics
    try (server;
        client;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
      for (int i = 0; i < 3; i++) {
        assertEquals(5, client.call("suma", 2, 3));
      }
      String text = get(http, "http://127.0.0.1:" + server.port() + "/metrics").body();
      assertTrue(
          text.lines()
              .anyMatch(
                  "capas_server_calls_seconds_count{method=\"suma\",outcome=\"success\"} 3"
                      ::equals),
          text);
      assertTrue(text.contains("capas_client_calls"), text);
    } finally {
      registry.close();
    }
  }

  @Test
  void tracingMakesTheServersSpanTheCallersChild() throws Exception {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    try (OpenTelemetrySdk sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                    .build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build()) {
      OpenTelemetry otel = sdk;
      TcpTransport transport = new TcpTransport(TcpConfig.defaults(), HostResolver.system());
      // guide:begin tracing
      RpcServer server =
          ServerTracing.of(otel)
              .bindTo(RpcServer.http(transport, 0))
              .addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b)
              .start();
      Client client = ClientTracing.of(otel).bindTo(Client.connect(server.url()));
      // guide:end tracing
      try (server;
          client) {
        assertEquals(5, client.call("suma", 2, 3));
        List<SpanData> spans = exporter.getFinishedSpanItems();
        for (int i = 0; i < 200 && spans.size() < 2; i++) {
          Thread.sleep(10);
          spans = exporter.getFinishedSpanItems();
        }
        assertEquals(2, spans.size(), spans.toString());
        SpanData clientSpan =
            spans.stream().filter(s -> s.getKind() == SpanKind.CLIENT).findFirst().orElseThrow();
        SpanData serverSpan =
            spans.stream().filter(s -> s.getKind() == SpanKind.SERVER).findFirst().orElseThrow();
        assertEquals(clientSpan.getTraceId(), serverSpan.getTraceId());
        assertEquals(clientSpan.getSpanId(), serverSpan.getParentSpanId());
      }
    }
  }
}
