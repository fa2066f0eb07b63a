package io.capas.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Issue 17: {@code capas serve --docs --health --metrics} over a real server and HTTP client. */
class ServeOperationsTest {
  @Test
  void servesTheMethodPageHealthAndMetrics() throws Exception {
    try (Cli.Serving serving =
            Cli.Serving.start(
                "--host", "127.0.0.1", "--port", "0", "--docs", "--health", "--metrics");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
      String ready = serving.ready;
      assertTrue(ready.startsWith("capas: serving XML-RPC on http://"), ready);
      URI endpoint = URI.create(ready.substring(ready.indexOf("http://")));
      assertEquals(
          new CommandsTest.Run(0, "5\n", ""),
          CommandsTest.run("call", endpoint.toString(), "suma", "2", "3"));

      HttpResponse<String> page = get(http, endpoint);
      assertEquals(200, page.statusCode());
      assertTrue(page.body().contains("suma"), page.body());
      assertTrue(page.headers().firstValue("Content-Security-Policy").isPresent());

      HttpResponse<String> health = get(http, endpoint.resolve("/health"));
      assertEquals(200, health.statusCode());

      HttpResponse<String> scrape = get(http, endpoint.resolve("/metrics"));
      assertEquals(200, scrape.statusCode());
      assertTrue(
          scrape.body().contains("capas_server_calls_seconds_count{method=\"suma\""),
          scrape.body());
    }
  }

  @Test
  void refusesTheHttpOptionsWithAnotherBinding() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        ServeCommand.run(
            new String[] {"--binding", "framed", "--port", "0", "--metrics"},
            new PrintStream(new ByteArrayOutputStream(), true, UTF_8),
            new PrintStream(err, true, UTF_8));
    assertEquals(Main.FAILURE, code);
    assertTrue(err.toString(UTF_8).contains("not with --binding framed"), err.toString(UTF_8));
  }

  private static HttpResponse<String> get(HttpClient http, URI uri) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
