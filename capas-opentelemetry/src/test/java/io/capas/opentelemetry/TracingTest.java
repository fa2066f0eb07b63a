package io.capas.opentelemetry;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.rpc.Client;
import io.capas.rpc.FramedClientSettings;
import io.capas.rpc.RpcException;
import io.capas.rpc.RpcFault;
import io.capas.rpc.RpcServer;
import io.capas.rpc.ScgiClientSettings;
import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.TcpTransport;
import io.capas.xmlrpc.MethodCall;
import io.capas.xmlrpc.MethodResponse;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Spans on both sides of real calls over TCP, exported to the SDK's in-memory exporter: the
 * server's span is the client's child across HTTP and SCGI, not across framed (no headers).
 */
@Timeout(60)
class TracingTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final Semaphore ended = new Semaphore(0);
  private final OpenTelemetrySdk otel =
      OpenTelemetrySdk.builder()
          .setTracerProvider(
              SdkTracerProvider.builder()
                  .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                  .addSpanProcessor(Ended.releasing(ended))
                  .build())
          .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
          .build();
  private final TcpTransport transport =
      new TcpTransport(TcpConfig.defaults(), HostResolver.system());

  @AfterEach
  void close() {
    otel.close();
  }

  private RpcServer traced(RpcServer server) {
    return ServerTracing.of(otel)
        .bindTo(server)
        .addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b)
        .addMethod(
            "fail",
            params -> {
              throw new RpcFault(42, "asked to fail");
            });
  }

  /**
   * The finished spans once {@code count} of them are there (servers end theirs after answering).
   */
  private List<SpanData> spans(int count) {
    try {
      assertTrue(ended.tryAcquire(count, WAIT.toSeconds(), TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    List<SpanData> spans = exporter.getFinishedSpanItems();
    assertEquals(count, spans.size(), spans.toString());
    return spans;
  }

  private static SpanData find(List<SpanData> spans, Predicate<SpanData> which) {
    return spans.stream().filter(which).findFirst().orElseThrow(() -> new AssertionError(spans));
  }

  private static SpanData kind(List<SpanData> spans, SpanKind kind, String name) {
    return find(spans, s -> s.getKind() == kind && s.getName().equals(name));
  }

  private static void assertChild(SpanData parent, SpanData child) {
    assertEquals(parent.getTraceId(), child.getTraceId());
    assertEquals(parent.getSpanId(), child.getParentSpanId());
  }

  @Test
  void theServerSpanIsTheClientSpansChildOverHttp() {
    try (RpcServer server = traced(RpcServer.http(transport, Endpoint.of("127.0.0.1", 0))).start();
        Client client = ClientTracing.of(otel).bindTo(Client.connect(server.url()))) {
      Span root = otel.getTracer("test").spanBuilder("test").startSpan();
      try (Scope scope = root.makeCurrent()) {
        assertEquals(5, client.call("suma", 2, 3));
      } finally {
        root.end();
      }
      List<SpanData> spans = spans(3);
      SpanData test = find(spans, s -> s.getName().equals("test"));
      SpanData calling = kind(spans, SpanKind.CLIENT, "suma");
      SpanData answering = kind(spans, SpanKind.SERVER, "suma");
      assertChild(test, calling);
      assertChild(calling, answering);
      assertTrue(answering.getParentSpanContext().isRemote());
      for (SpanData span : List.of(calling, answering)) {
        assertEquals("xmlrpc", span.getAttributes().get(AttributeKey.stringKey("rpc.system")));
        assertEquals("suma", span.getAttributes().get(AttributeKey.stringKey("rpc.method")));
        assertEquals(StatusCode.UNSET, span.getStatus().getStatusCode());
      }
      assertEquals("http", answering.getAttributes().get(AttributeKey.stringKey("capas.binding")));
      assertEquals(
          "127.0.0.1", answering.getAttributes().get(AttributeKey.stringKey("client.address")));
      assertEquals(
          (long) server.port(), answering.getAttributes().get(AttributeKey.longKey("server.port")));
      assertTrue(
          answering.getAttributes().get(AttributeKey.longKey("rpc.xmlrpc.request.size")) > 100);
      assertTrue(
          answering.getAttributes().get(AttributeKey.longKey("rpc.xmlrpc.response.size")) > 100);
    }
  }

  @Test
  void aFaultIsAnErrorWithItsCodeOnBothSides() {
    try (RpcServer server = traced(RpcServer.http(transport, Endpoint.of("127.0.0.1", 0))).start();
        Client client = ClientTracing.of(otel).bindTo(Client.connect(server.url()))) {
      assertThrows(RpcFault.class, () -> client.call("fail"));
      assertThrows(RpcFault.class, () -> client.call("no.such.method"));
      List<SpanData> spans = spans(4);
      SpanData calling = kind(spans, SpanKind.CLIENT, "fail");
      SpanData answering = kind(spans, SpanKind.SERVER, "fail");
      assertChild(calling, answering);
      for (SpanData span : List.of(calling, answering)) {
        assertEquals(StatusCode.ERROR, span.getStatus().getStatusCode());
        assertEquals("asked to fail", span.getStatus().getDescription());
        assertEquals(42L, span.getAttributes().get(AttributeKey.longKey("rpc.xmlrpc.fault_code")));
        assertEquals("42", span.getAttributes().get(AttributeKey.stringKey("error.type")));
      }
      // Callers choose unknown names: the server's span does not take them as its name.
      SpanData unknown = kind(spans, SpanKind.SERVER, "(unknown)");
      assertEquals(
          "no.such.method", unknown.getAttributes().get(AttributeKey.stringKey("rpc.method")));
      assertEquals(
          -32601L, unknown.getAttributes().get(AttributeKey.longKey("rpc.xmlrpc.fault_code")));
    }
  }

  @Test
  void aHandlersOwnCallsAreChildrenOfItsServerSpan() {
    try (RpcServer backend =
            traced(RpcServer.http(transport, Endpoint.of("127.0.0.1", 0))).start();
        Client toBackend = ClientTracing.of(otel).bindTo(Client.connect(backend.url()));
        RpcServer front =
            ServerTracing.of(otel)
                .bindTo(RpcServer.http(transport, Endpoint.of("127.0.0.1", 0)))
                .addMethod(
                    "relay",
                    Integer.class,
                    Integer.class,
                    (a, b) -> (Integer) toBackend.call("suma", a, b))
                .start();
        Client client = ClientTracing.of(otel).bindTo(Client.connect(front.url()))) {
      assertEquals(5, client.call("relay", 2, 3));
      List<SpanData> spans = spans(4);
      SpanData relayClient = kind(spans, SpanKind.CLIENT, "relay");
      SpanData relayServer = kind(spans, SpanKind.SERVER, "relay");
      SpanData sumaClient = kind(spans, SpanKind.CLIENT, "suma");
      SpanData sumaServer = kind(spans, SpanKind.SERVER, "suma");
      assertChild(relayClient, relayServer);
      assertChild(relayServer, sumaClient);
      assertChild(sumaClient, sumaServer);
    }
  }

  @Test
  void eachCallOfAMulticallHasItsOwnSpanUnderTheMulticalls() {
    try (RpcServer server = traced(RpcServer.http(transport, Endpoint.of("127.0.0.1", 0))).start();
        Client client = ClientTracing.of(otel).bindTo(Client.connect(server.url()))) {
      List<MethodResponse> responses =
          client.multicall(
              List.of(new MethodCall("suma", List.of(1, 2)), new MethodCall("fail", List.of())));
      assertEquals(2, responses.size());
      List<SpanData> spans = spans(4);
      SpanData multicall = kind(spans, SpanKind.SERVER, "system.multicall");
      assertChild(multicall, kind(spans, SpanKind.INTERNAL, "suma"));
      SpanData fail = kind(spans, SpanKind.INTERNAL, "fail");
      assertChild(multicall, fail);
      assertEquals(StatusCode.ERROR, fail.getStatus().getStatusCode());
    }
  }

  @Test
  void theTraceContextCrossesScgiAsCgiVariables() {
    try (RpcServer server = traced(RpcServer.scgi(transport, Endpoint.of("127.0.0.1", 0))).start();
        Client client =
            ClientTracing.of(otel)
                .bindTo(
                    ScgiClientSettings.builder()
                        .url(server.url())
                        .timeout(WAIT)
                        .build()
                        .client())) {
      assertEquals(5, client.call("suma", 2, 3));
      List<SpanData> spans = spans(2);
      SpanData answering = kind(spans, SpanKind.SERVER, "suma");
      assertChild(kind(spans, SpanKind.CLIENT, "suma"), answering);
      assertEquals("scgi", answering.getAttributes().get(AttributeKey.stringKey("capas.binding")));
    }
  }

  @Test
  void framedCarriesNoHeadersSoTheServerStartsATraceOfItsOwn() {
    try (RpcServer server =
            traced(RpcServer.framed(transport, Endpoint.of("127.0.0.1", 0))).start();
        Client client =
            ClientTracing.of(otel)
                .bindTo(
                    FramedClientSettings.builder()
                        .endpoint(Endpoint.of("127.0.0.1", server.port()))
                        .dialer(transport)
                        .timeout(WAIT)
                        .build()
                        .client())) {
      assertEquals(5, client.call("suma", 2, 3));
      List<SpanData> spans = spans(2);
      SpanData calling = kind(spans, SpanKind.CLIENT, "suma");
      SpanData answering = kind(spans, SpanKind.SERVER, "suma");
      assertFalse(answering.getParentSpanContext().isValid());
      assertNotEquals(calling.getTraceId(), answering.getTraceId());
    }
  }

  @Test
  void aMalformedTraceparentStartsANewTraceAndTheCallIsAnswered() throws Exception {
    try (RpcServer server = traced(RpcServer.http(transport, Endpoint.of("127.0.0.1", 0))).start();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
      String call =
          "<?xml version=\"1.0\"?><methodCall><methodName>suma</methodName><params>"
              + "<param><value><int>2</int></value></param>"
              + "<param><value><int>3</int></value></param></params></methodCall>";
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(server.url()))
                  .timeout(WAIT)
                  .header("Content-Type", "text/xml")
                  .header("traceparent", "00-" + "zz".repeat(16) + "-nothex-01" + "x".repeat(300))
                  .POST(HttpRequest.BodyPublishers.ofString(call, UTF_8))
                  .build(),
              HttpResponse.BodyHandlers.ofString(UTF_8));
      assertEquals(200, response.statusCode());
      assertTrue(response.body().contains("<int>5</int>"), response.body());
      SpanData answering = kind(spans(1), SpanKind.SERVER, "suma");
      assertFalse(answering.getParentSpanContext().isValid());
      assertTrue(answering.getSpanContext().isValid());
    }
  }

  @Test
  void aClientFailureIsAnErrorOfItsKind() {
    int port;
    try (RpcServer gone = RpcServer.http(transport, Endpoint.of("127.0.0.1", 0)).start()) {
      port = gone.port();
    }
    try (Client client =
        ClientTracing.of(otel).bindTo(Client.connect("http://127.0.0.1:" + port + "/RPC2"))) {
      assertThrows(RpcException.class, () -> client.call("suma", 2, 3));
    }
    SpanData calling = kind(spans(1), SpanKind.CLIENT, "suma");
    assertEquals(StatusCode.ERROR, calling.getStatus().getStatusCode());
    assertEquals("unavailable", calling.getAttributes().get(AttributeKey.stringKey("error.type")));
    assertEquals(1, calling.getEvents().size()); // the exception
  }
}
