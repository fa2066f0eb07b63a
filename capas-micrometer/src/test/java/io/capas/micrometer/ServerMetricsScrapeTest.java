package io.capas.micrometer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.rpc.Client;
import io.capas.rpc.HttpServerSettings;
import io.capas.rpc.RpcFault;
import io.capas.rpc.RpcServer;
import io.capas.transport.Connection;
import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.TcpTransport;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A real server bound to a Prometheus registry, called over TCP, then scraped over HTTP at {@code
 * /metrics} by the JDK's HTTP client, as Prometheus would: the counters and values are the calls'.
 */
@Timeout(60)
class ServerMetricsScrapeTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final TcpTransport transport =
      new TcpTransport(TcpConfig.defaults(), HostResolver.system());
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(WAIT).build();

  @AfterEach
  void close() {
    http.close();
    registry.close();
  }

  private RpcServer server(HttpServerSettings settings) {
    return ServerMetrics.of(registry)
        .bindTo(
            RpcServer.http(
                transport,
                Endpoint.of("127.0.0.1", 0),
                PrometheusRoute.addTo(settings, registry::scrape)))
        .addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b)
        .addMethod(
            "fail",
            params -> {
              throw new RpcFault(42, "asked to fail");
            });
  }

  private HttpResponse<String> scrape(RpcServer server) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
            .timeout(WAIT)
            .build(),
        HttpResponse.BodyHandlers.ofString(UTF_8));
  }

  /** The value of the sample line {@code name{labels}} in {@code text}, if there is one. */
  private static OptionalDouble sample(String text, String nameAndLabels) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(nameAndLabels) + " (\\S+)$").matcher(text);
    return m.find() ? OptionalDouble.of(Double.parseDouble(m.group(1))) : OptionalDouble.empty();
  }

  private static double value(String text, String nameAndLabels) {
    OptionalDouble value = sample(text, nameAndLabels);
    assertTrue(value.isPresent(), nameAndLabels + " missing from\n" + text);
    return value.getAsDouble();
  }

  @Test
  void aScrapeAfterRealCallsShowsCallsFaultsLatencyBytesAndConnections() throws Exception {
    try (RpcServer server = server(HttpServerSettings.defaults()).start()) {
      try (Client client = ClientMetrics.of(registry).bindTo(Client.connect(server.url()))) {
        assertEquals(5, client.call("suma", 2, 3));
        assertEquals(7, client.call("suma", 3, 4));
        assertEquals(9, client.call("suma", 4, 5));
        RpcFault fault = assertThrows(RpcFault.class, () -> client.call("fail"));
        assertEquals(42, fault.code());
        assertThrows(RpcFault.class, () -> client.call("resta", 2, 3));

        HttpResponse<String> response = scrape(server);
        assertEquals(200, response.statusCode());
        assertEquals(
            PrometheusRoute.CONTENT_TYPE, response.headers().firstValue("Content-Type").get());
        String text = response.body();
        assertEquals(
            3,
            value(text, "capas_server_calls_seconds_count{method=\"suma\",outcome=\"success\"}"));
        assertEquals(
            1, value(text, "capas_server_calls_seconds_count{method=\"fail\",outcome=\"fault\"}"));
        assertEquals(1, value(text, "capas_server_faults_total{code=\"42\",method=\"fail\"}"));
        assertEquals(
            1, value(text, "capas_server_faults_total{code=\"-32601\",method=\"(unknown)\"}"));
        double p99 =
            value(
                text,
                "capas_server_calls_seconds{method=\"suma\",outcome=\"success\",quantile=\"0.99\"}");
        double sum =
            value(text, "capas_server_calls_seconds_sum{method=\"suma\",outcome=\"success\"}");
        assertTrue(p99 > 0 && sum >= p99 && sum < WAIT.toSeconds(), p99 + " " + sum);
        // Each suma document is about 200 bytes each way.
        assertEquals(3, value(text, "capas_server_request_size_bytes_count{method=\"suma\"}"));
        double in = value(text, "capas_server_request_size_bytes_sum{method=\"suma\"}");
        double out = value(text, "capas_server_response_size_bytes_sum{method=\"suma\"}");
        assertTrue(in > 3 * 100 && in < 3 * 1000, "request bytes " + in);
        assertTrue(out > 3 * 100 && out < 3 * 1000, "response bytes " + out);
        // The client's kept-alive connection and the scrape's own.
        assertEquals(2, value(text, "capas_server_connections_open"));
        assertEquals(
            0, value(text, "capas_server_connections_rejected_total{reason=\"connection limit\"}"));
        assertEquals(
            3,
            value(text, "capas_client_calls_seconds_count{method=\"suma\",outcome=\"success\"}"));
        assertEquals(1, value(text, "capas_client_faults_total{code=\"42\",method=\"fail\"}"));
      }
      // The client closed its connection: only the scrapes' remain, once the server has seen it.
      double open = -1;
      long deadline = System.nanoTime() + WAIT.toNanos();
      for (int i = 0; i < 10_000 && open != 1 && System.nanoTime() < deadline; i++) {
        open = value(scrape(server).body(), "capas_server_connections_open");
      }
      assertEquals(1, open);
    }
  }

  @Test
  void aConnectionPastTheLimitIsCountedRejected() throws Exception {
    try (RpcServer server = server(HttpServerSettings.defaults().withMaxConnections(1)).start()) {
      Endpoint at = Endpoint.of("127.0.0.1", server.port());
      try (Connection holder = transport.connect(at, WAIT)) {
        holder.readTimeout(WAIT);
        holder.sendAll(get("/metrics"));
        assertTrue(readHead(holder).startsWith("HTTP/1.1 200"));
        try (Connection refused = transport.connect(at, WAIT)) {
          refused.readTimeout(WAIT);
          refused.sendAll(get("/metrics"));
          assertTrue(readHead(refused).startsWith("HTTP/1.1 503"));
        }
      }
      // The holder's place frees once the server has seen it close.
      HttpResponse<String> response = null;
      long deadline = System.nanoTime() + WAIT.toNanos();
      for (int i = 0;
          i < 10_000
              && (response == null || response.statusCode() != 200)
              && System.nanoTime() < deadline;
          i++) {
        response = scrape(server);
      }
      assertEquals(200, response.statusCode());
      assertTrue(
          value(
                  response.body(),
                  "capas_server_connections_rejected_total{reason=\"connection limit\"}")
              >= 1,
          response.body());
    }
  }

  private static byte[] get(String path) {
    return ("GET " + path + " HTTP/1.1\r\nHost: test\r\n\r\n").getBytes(UTF_8);
  }

  /** The response head (the body, if any, is left unread). */
  private static String readHead(Connection c) throws IOException {
    StringBuilder head = new StringBuilder();
    for (int i = 0; i < 16_384 && !head.toString().endsWith("\r\n\r\n"); i++) {
      int b = c.input().read();
      if (b < 0) {
        break;
      }
      head.append((char) b);
    }
    return head.toString();
  }
}
