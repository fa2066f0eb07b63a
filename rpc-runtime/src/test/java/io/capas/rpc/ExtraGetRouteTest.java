package io.capas.rpc;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.testing.transport.InMemoryTransport;
import io.capas.transport.Connection;
import io.capas.transport.Endpoint;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Extra GET routes answer beside the XML-RPC endpoint, under the endpoint's rules. */
@Timeout(60)
class ExtraGetRouteTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final InMemoryTransport transport = InMemoryTransport.create();
  private final List<String> targets = new CopyOnWriteArrayList<>();

  private RpcServer start(HttpServerSettings settings) {
    return RpcServer.http(transport, Endpoint.of("localhost", 0), settings)
        .addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b)
        .start();
  }

  private HttpServerSettings withRoutes() {
    return HttpServerSettings.defaults()
        .withExtraGetRoute(
            "/metrics",
            request -> {
              targets.add(request.target());
              return HttpGetRoute.text("text/plain; version=0.0.4", "calls_total 1\n");
            })
        .withExtraGetRoute(
            "/broken",
            request -> {
              throw new IOException("the route failed");
            });
  }

  private static String get(String target, String... headers) {
    StringBuilder b = new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: test\r\n");
    for (String h : headers) {
      b.append(h).append("\r\n");
    }
    return b.append("\r\n").toString();
  }

  @Test
  void aGetOnARouteIsAnsweredByItAndTheConnectionGoesOnServingCalls() throws IOException {
    try (RpcServer server = start(withRoutes());
        Connection c = transport.connect(Endpoint.of("localhost", server.port()), WAIT)) {
      c.readTimeout(WAIT);
      c.sendAll(get("/metrics").getBytes(UTF_8));
      RawHttp.Response metrics = RawHttp.read(c);
      assertEquals(200, metrics.status(), metrics.head());
      assertEquals("text/plain; version=0.0.4", metrics.header("Content-Type"));
      assertEquals("capas", metrics.header("Server"));
      assertEquals("14", metrics.header("Content-Length"));
      assertEquals("", metrics.header("Connection"));
      assertEquals("calls_total 1\n", metrics.text());
      // A query is the route's business; the absolute form names the same path.
      c.sendAll(get("/metrics?name[]=calls_total").getBytes(UTF_8));
      assertEquals(200, RawHttp.read(c).status());
      c.sendAll(get("http://test/metrics").getBytes(UTF_8));
      assertEquals(200, RawHttp.read(c).status());
      c.sendAll(RawHttp.post("/RPC2", RawHttp.call("suma", "2", "3")).getBytes(UTF_8));
      assertTrue(RawHttp.read(c).text().contains("<int>5</int>"));
    }
    assertEquals(
        List.of("/metrics", "/metrics?name[]=calls_total", "http://test/metrics"), targets);
  }

  @Test
  void otherMethodsOnARouteAre405AndOtherPathsStayAsTheyWere() throws IOException {
    try (RpcServer server = start(withRoutes());
        Connection c = transport.connect(Endpoint.of("localhost", server.port()), WAIT)) {
      c.readTimeout(WAIT);
      c.sendAll(RawHttp.post("/metrics", RawHttp.call("suma", "2", "3")).getBytes(UTF_8));
      RawHttp.Response post = RawHttp.read(c);
      assertEquals(405, post.status(), post.head());
      assertEquals("GET", post.header("Allow"));
      // Elsewhere a GET is what it was: 405 with Allow: POST, before the path is looked at.
      c.sendAll(get("/metrics/other").getBytes(UTF_8));
      RawHttp.Response other = RawHttp.read(c);
      assertEquals(405, other.status());
      assertEquals("POST", other.header("Allow"));
      c.sendAll(RawHttp.post("/metrics/other", RawHttp.call("suma", "2", "3")).getBytes(UTF_8));
      assertEquals(404, RawHttp.read(c).status());
      c.sendAll(get("/RPC2").getBytes(UTF_8));
      RawHttp.Response endpoint = RawHttp.read(c);
      assertEquals(405, endpoint.status());
      assertEquals("POST", endpoint.header("Allow"));
    }
    assertTrue(targets.isEmpty(), targets.toString());
  }

  @Test
  void aRouteThatThrowsIs500WithoutATraceAndTheConnectionGoesOn() throws IOException {
    try (RpcServer server = start(withRoutes());
        Connection c = transport.connect(Endpoint.of("localhost", server.port()), WAIT)) {
      c.readTimeout(WAIT);
      c.sendAll(get("/broken").getBytes(UTF_8));
      RawHttp.Response broken = RawHttp.read(c);
      assertEquals(500, broken.status(), broken.head());
      assertFalse(broken.text().contains("IOException"), broken.text());
      assertFalse(broken.text().contains("the route failed"), broken.text());
      c.sendAll(get("/metrics").getBytes(UTF_8));
      assertEquals(200, RawHttp.read(c).status());
    }
  }

  @Test
  void aRouteAnswersConnectionCloseAndClosesWhenAsked() throws IOException {
    try (RpcServer server = start(withRoutes());
        Connection c = transport.connect(Endpoint.of("localhost", server.port()), WAIT)) {
      c.readTimeout(WAIT);
      c.sendAll(get("/metrics", "Connection: close").getBytes(UTF_8));
      RawHttp.Response metrics = RawHttp.read(c);
      assertEquals(200, metrics.status());
      assertEquals("close", metrics.header("Connection"));
      assertEquals(-1, c.input().read());
    }
  }

  @Test
  void basicAuthenticationGuardsRoutesAsItGuardsTheEndpoint() throws IOException {
    String authorization = HttpServerSettings.basicAuthorization("ops", "secret");
    try (RpcServer server = start(withRoutes().withBasicAuth("ops", "secret"));
        Connection c = transport.connect(Endpoint.of("localhost", server.port()), WAIT)) {
      c.readTimeout(WAIT);
      c.sendAll(get("/metrics").getBytes(UTF_8));
      assertEquals(401, RawHttp.read(c).status());
      c.sendAll(get("/metrics", "Authorization: " + authorization).getBytes(UTF_8));
      assertEquals(200, RawHttp.read(c).status());
    }
  }

  @Test
  void routesAreCheckedWhenSet() {
    HttpServerSettings settings = HttpServerSettings.defaults();
    HttpGetRoute route = request -> HttpGetRoute.text("text/plain", "");
    assertThrows(IllegalArgumentException.class, () -> settings.withExtraGetRoute("/RPC2", route));
    assertThrows(
        IllegalArgumentException.class, () -> settings.withExtraGetRoute("metrics", route));
    assertThrows(
        IllegalArgumentException.class, () -> settings.withExtraGetRoute("/metrics?x", route));
    assertThrows(
        IllegalArgumentException.class,
        () -> settings.withExtraGetRoute("/metrics", route).withPaths(Set.of("/metrics")));
    HttpServerSettings many = settings;
    for (int i = 0; i < HttpServerSettings.MAX_EXTRA_GET_ROUTES; i++) {
      many = many.withExtraGetRoute("/r" + i, route);
    }
    HttpServerSettings full = many;
    assertThrows(IllegalArgumentException.class, () -> full.withExtraGetRoute("/one-more", route));
    // Other settings keep the routes.
    assertEquals(
        Set.of("/metrics"),
        settings
            .withExtraGetRoute("/metrics", route)
            .withMaxBodyBytes(1024)
            .withTimeouts(WAIT, WAIT, WAIT)
            .extraGetRoutes()
            .keySet());
  }
}
