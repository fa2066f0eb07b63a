package io.capas.rpc;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.capas.transport.Connection;
import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.TcpTransport;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code GET /health} and the drain of a graceful shutdown, over real TCP connections. */
class HealthCheckTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final int MAX_POLLS = 2000;

  private static TcpTransport transport(TcpConfig.Model model) {
    return new TcpTransport(
        TcpConfig.defaults().toBuilder().model(model).build(), HostResolver.system());
  }

  private static RpcServer server(TcpTransport transport, HttpServerSettings settings) {
    return RpcServer.http(transport, Endpoint.of("127.0.0.1", 0), settings)
        .addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b);
  }

  private static Connection connect(TcpTransport transport, RpcServer server) throws IOException {
    Connection c = transport.connect(Endpoint.of("127.0.0.1", server.port()), WAIT);
    c.readTimeout(WAIT);
    return c;
  }

  private static RawHttp.Response health(Connection c) throws IOException {
    c.sendAll("GET /health HTTP/1.1\r\nHost: lb\r\n\r\n".getBytes(ISO_8859_1));
    return RawHttp.read(c);
  }

  private static void assertClosedByServer(Connection c) throws IOException {
    assertEquals(-1, c.input().read(), "the server should close the connection");
  }

  @Test
  void answers200ToARealClientWithoutCredentials() throws Exception {
    TcpTransport transport = transport(TcpConfig.Model.THREAD_PER_CONNECTION);
    try (RpcServer server =
            server(
                    transport,
                    HttpServerSettings.defaults()
                        .withHealth("/healthz")
                        .withBasicAuth("ana", "s3cret"))
                .start();
        HttpClient http = HttpClient.newBuilder().connectTimeout(WAIT).build()) {
      HttpResponse<String> ok =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + server.port() + "/healthz?probe=1"))
                  .timeout(WAIT)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, ok.statusCode());
      assertEquals("ok\n", ok.body());
      assertEquals("no-store", ok.headers().firstValue("Cache-Control").orElse(""));
      // The endpoint itself still asks for credentials.
      HttpResponse<String> call =
          http.send(
              HttpRequest.newBuilder(URI.create(server.url()))
                  .timeout(WAIT)
                  .POST(HttpRequest.BodyPublishers.ofString(RawHttp.call("suma", "1", "2")))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(401, call.statusCode());
    }
  }

  @Test
  void headGetsTheHeadWithoutTheBody() throws Exception {
    TcpTransport transport = transport(TcpConfig.Model.MULTIPLEX);
    try (RpcServer server =
            server(transport, HttpServerSettings.defaults().withHealth("/health")).start();
        Connection c = connect(transport, server)) {
      c.sendAll(
          "HEAD /health HTTP/1.1\r\nHost: lb\r\nConnection: close\r\n\r\n".getBytes(ISO_8859_1));
      String all = new String(c.input().readAllBytes(), ISO_8859_1);
      assertTrue(all.startsWith("HTTP/1.1 200 "), all);
      assertTrue(all.contains("\r\nContent-Length: 3\r\n"), all);
      assertTrue(all.endsWith("\r\n\r\n"), all);
    }
  }

  @Test
  void offUnlessEnabled() throws Exception {
    TcpTransport transport = transport(TcpConfig.Model.THREAD_PER_CONNECTION);
    try (RpcServer server = server(transport, HttpServerSettings.defaults()).start();
        Connection c = connect(transport, server)) {
      assertEquals(405, health(c).status());
      c.sendAll("GET /health HTTP/1.1\r\nHost: lb\r\n\r\n".getBytes(ISO_8859_1));
      assertEquals(405, RawHttp.read(c).status());
    }
  }

  @Test
  void settingsRefuseAHealthPathThatIsAnEndpoint() {
    assertThrows(
        IllegalArgumentException.class, () -> HttpServerSettings.defaults().withHealth("/RPC2"));
    assertThrows(
        IllegalArgumentException.class, () -> HttpServerSettings.defaults().withHealth("health"));
    assertThrows(
        IllegalArgumentException.class,
        () -> HttpServerSettings.defaults().withDrainDelay(Duration.ofSeconds(-1)));
  }

  /**
   * With a drain delay, the server goes on accepting after shutdown starts: the health check says
   * 503 at once, calls are still served, and every answer closes its connection.
   */
  @ParameterizedTest
  @EnumSource(
      value = TcpConfig.Model.class,
      names = {"THREAD_PER_CONNECTION", "POOL", "MULTIPLEX"})
  void during503DrainCallsAreServedAndEveryConnectionCloses(TcpConfig.Model model)
      throws Exception {
    TcpTransport transport = transport(model);
    RpcServer server =
        server(
                transport,
                HttpServerSettings.defaults()
                    .withHealth("/health")
                    .withDrainDelay(Duration.ofSeconds(60)))
            .start();
    CompletableFuture<Void> shutdown = null;
    try (Connection kept = connect(transport, server)) {
      RawHttp.Response up = health(kept);
      assertEquals(200, up.status());
      assertEquals("", up.header("Connection"));

      shutdown =
          CompletableFuture.runAsync(
              () -> {
                try {
                  server.shutdown(Duration.ofSeconds(5));
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
      // A load balancer's probes, each on a new connection, until one sees the drain.
      RawHttp.Response probe = null;
      for (int i = 0; i < MAX_POLLS && (probe == null || probe.status() == 200); i++) {
        try (Connection c = connect(transport, server)) {
          probe = health(c);
          if (probe.status() == 503) {
            assertEquals("draining\n", probe.text());
            assertEquals("close", probe.header("Connection"));
            assertClosedByServer(c);
          }
        }
      }
      assertEquals(503, probe.status());

      // The connection kept alive from before: its next call is served, and is its last.
      kept.sendAll(RawHttp.post("/RPC2", RawHttp.call("suma", "2", "3")).getBytes(UTF_8));
      RawHttp.Response call = RawHttp.read(kept);
      assertEquals(200, call.status());
      assertTrue(call.text().contains("<int>5</int>"), call.text());
      assertEquals("close", call.header("Connection"));
      assertClosedByServer(kept);

      // A new connection during the delay: its call too.
      try (Connection late = connect(transport, server)) {
        late.sendAll(RawHttp.post("/RPC2", RawHttp.call("suma", "4", "5")).getBytes(UTF_8));
        RawHttp.Response r = RawHttp.read(late);
        assertTrue(r.text().contains("<int>9</int>"), r.text());
        assertEquals("close", r.header("Connection"));
        assertClosedByServer(late);
      }
    } finally {
      server.close(); // ends the 60 s delay
      if (shutdown != null) {
        shutdown.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      }
    }
  }

  /**
   * Without a drain delay the server stops accepting at once; the call in flight finishes, and its
   * answer says {@code Connection: close}.
   */
  @ParameterizedTest
  @EnumSource(
      value = TcpConfig.Model.class,
      names = {"THREAD_PER_CONNECTION", "POOL", "MULTIPLEX"})
  void theCallInFlightWhenShutdownStartsIsAnsweredWithConnectionClose(TcpConfig.Model model)
      throws Exception {
    TcpTransport transport = transport(model);
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    RpcServer server =
        server(transport, HttpServerSettings.defaults().withHealth("/health"))
            .addMethod(
                "slow",
                p -> {
                  entered.countDown();
                  return release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
                })
            .start();
    int port = server.port();
    CompletableFuture<Void> shutdown = null;
    try (Connection busy = connect(transport, server)) {
      busy.sendAll(RawHttp.post("/RPC2", RawHttp.call("slow")).getBytes(UTF_8));
      assertTrue(entered.await(WAIT.toSeconds(), TimeUnit.SECONDS));
      shutdown =
          CompletableFuture.runAsync(
              () -> {
                try {
                  server.shutdown(WAIT);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
      // The drain has started once the port refuses connections (it stops accepting after).
      awaitRefused(transport, port);
      release.countDown();
      RawHttp.Response r = RawHttp.read(busy);
      assertEquals(200, r.status());
      assertTrue(r.text().contains("<boolean>1</boolean>"), r.text());
      assertEquals("close", r.header("Connection"));
      assertClosedByServer(busy);
      shutdown.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } finally {
      release.countDown();
      server.close();
    }
  }

  private static void awaitRefused(TcpTransport transport, int port) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    for (int i = 0; i < MAX_POLLS && System.nanoTime() < deadline; i++) {
      try (Connection c = transport.connect(Endpoint.of("127.0.0.1", port), WAIT)) {
        c.readTimeout(WAIT);
        // Accepted before the listener closed: answered (200) or closed by the drain.
        c.sendAll("GET /health HTTP/1.1\r\nHost: lb\r\n\r\n".getBytes(ISO_8859_1));
        RawHttp.read(c);
      } catch (ConnectException refused) {
        return;
      } catch (IOException e) {
        // Reset or closed while draining: go on until the port refuses.
      }
    }
    fail("the port still accepts connections after " + WAIT);
  }
}
