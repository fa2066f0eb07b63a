package io.capas.micrometer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.rpc.Client;
import io.capas.rpc.HttpServerSettings;
import io.capas.rpc.RpcServer;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Runs the README's metrics example, and checks that the README still shows these lines. */
@Timeout(60)
class ReadmeMetricsSnippetTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void metricsExampleRuns() throws Exception {
    TcpTransport transport = new TcpTransport(TcpConfig.defaults(), HostResolver.system());
    Endpoint local = Endpoint.of("127.0.0.1", 0);
    // README metrics example begins
    var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    var settings = PrometheusRoute.addTo(HttpServerSettings.defaults(), registry::scrape);
    var server = ServerMetrics.of(registry).bindTo(RpcServer.http(transport, local, settings));
    // README metrics example ends
    try (RpcServer started =
            server.addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b).start();
        Client client = Client.connect(started.url());
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
      for (int i = 0; i < 3; i++) {
        assertEquals(5, client.call("suma", 2, 3));
      }
      String text =
          http.send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + started.port() + "/metrics"))
                      .timeout(WAIT)
                      .build(),
                  HttpResponse.BodyHandlers.ofString(UTF_8))
              .body();
      assertTrue(
          text.lines()
              .anyMatch(
                  "capas_server_calls_seconds_count{method=\"suma\",outcome=\"success\"} 3"
                      ::equals),
          text);
    } finally {
      registry.close();
    }
  }

  @Test
  void readmeShowsTheExample() throws IOException {
    String source =
        Files.readString(
            Path.of("src/test/java/io/capas/micrometer/ReadmeMetricsSnippetTest.java"), UTF_8);
    String example =
        source.substring(
            source.indexOf("// README metrics example begins") + 32,
            source.indexOf("    // README metrics example ends"));
    List<String> readme =
        Files.readString(Path.of("..", "README.md"), UTF_8).lines().map(String::strip).toList();
    for (String wanted : example.lines().map(String::strip).filter(l -> !l.isEmpty()).toList()) {
      assertTrue(readme.contains(wanted), "README lacks the line: " + wanted);
    }
  }
}
