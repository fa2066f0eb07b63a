package io.capas.rpc;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.testing.transport.InMemoryTransport;
import io.capas.transport.Connection;
import io.capas.transport.Endpoint;
import io.capas.xmlrpc.FaultCodes;
import io.capas.xmlrpc.MethodCall;
import io.capas.xmlrpc.MethodResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpBindingTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  interface Calculator {
    int suma(int a, int b);

    @XmlRpcMethod(name = "addtogether")
    Object addTogether(Object... things);

    CompletableFuture<Integer> suma2(int a, int b);

    Object echo(Object value);

    void boom();
  }

  private final InMemoryTransport transport = InMemoryTransport.create();
  private final CountDownLatch release = new CountDownLatch(1);
  private final CountDownLatch entered = new CountDownLatch(1);
  private RpcServer server;
  private Client client;

  @BeforeEach
  void start() {
    HttpServerSettings settings =
        HttpServerSettings.defaults()
            .withGzipMinBytes(1024)
            .withMaxBodyBytes(64 * 1024)
            .withTimeouts(Duration.ofSeconds(30), Duration.ofMillis(300), Duration.ofMillis(300))
            // After a refusal the server reads and drops what follows until the client pauses.
            .withLingerReadTimeout(Duration.ofMillis(200));
    server =
        new RpcServer(new HttpServerBinding(transport, settings), Endpoint.of("localhost", 0))
            .addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b)
            .addMethod("suma2", Integer.class, Integer.class, (a, b) -> a + b)
            .addVarargs("addtogether", Object.class, things -> things.size())
            .addMethod("echo", Object.class, x -> x)
            .addMethod(
                "boom",
                p -> {
                  throw new IllegalStateException("kaboom");
                })
            .addMethod(
                "block",
                p -> {
                  entered.countDown();
                  return release.await(30, TimeUnit.SECONDS);
                })
            .start();
    client = clientSettings().build().client();
  }

  private HttpClientSettings.Builder clientSettings() {
    return HttpClientSettings.builder()
        .endpoint("localhost", server.port())
        .dialer(transport)
        .timeout(WAIT);
  }

  @AfterEach
  void stop() {
    release.countDown();
    client.close();
    server.close();
  }

  @Test
  void proxyCallsTheServer() {
    Calculator calc = client.proxy(Calculator.class);
    assertEquals(5, calc.suma(2, 3));
    assertEquals(3, calc.addTogether(1, "a", 2.0));
    assertEquals(7, calc.suma2(3, 4).join());
    assertEquals(Map.of("k", List.of(1, "x")), calc.echo(Map.of("k", List.of(1, "x"))));
    RpcFault boom = assertThrows(RpcFault.class, calc::boom);
    assertEquals(FaultCodes.APPLICATION_ERROR, boom.code());
    assertEquals("kaboom", boom.faultString());
    assertTrue(calc.toString().contains("Calculator"));
    assertEquals(calc, calc);
  }

  @Test
  void proxyInterfaceIsCheckedAtCreation() {
    interface Bad {
      // Never called: only read by reflection, the proxy must refuse its Thread return type.
      @SuppressWarnings("UnusedMethod")
      Thread thread();
    }
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> client.proxy(Bad.class));
    assertTrue(e.getMessage().contains("thread"), e.getMessage());
  }

  @Test
  void plainAsyncAndMulticallCalls() {
    assertEquals(5, client.call("suma", 2, 3));
    assertEquals(5, client.call(Integer.class, "suma", 2, 3));
    assertEquals(9, client.callAsync("suma", 4, 5).join());
    List<MethodResponse> responses =
        client.multicall(
            List.of(
                MethodCall.of("suma", 1, 2), MethodCall.of("nope"), MethodCall.of("suma", 3, 4)));
    assertEquals(MethodResponse.success(3), responses.get(0));
    assertEquals(FaultCodes.METHOD_NOT_FOUND, responses.get(1).asFault().orElseThrow().code());
    assertEquals(MethodResponse.success(7), responses.get(2));
    RpcFault unknown = assertThrows(RpcFault.class, () -> client.call("nope"));
    assertEquals(FaultCodes.METHOD_NOT_FOUND, unknown.code());
    RpcFault wrong = assertThrows(RpcFault.class, () -> client.call("suma", 1));
    assertEquals(FaultCodes.INVALID_PARAMS, wrong.code());
  }

  @Test
  void refusedConnectionIsUnavailableNamingHostPortAndMethod() {
    server.close();
    try (Client c = clientSettings().maxIdleConnections(0).build().client()) {
      RpcException e = assertThrows(RpcException.class, () -> c.call("suma", 1, 2));
      assertEquals(RpcException.Kind.UNAVAILABLE, e.kind());
      assertTrue(e.getMessage().contains("localhost:" + server.port()), e.getMessage());
      assertTrue(e.getMessage().contains("suma"), e.getMessage());
    }
  }

  @Test
  void deadlineBoundsTheCall() {
    try (Client c = clientSettings().timeout(Duration.ofMillis(300)).build().client()) {
      RpcException e = assertThrows(RpcException.class, () -> c.call("block"));
      assertEquals(RpcException.Kind.TIMEOUT, e.kind());
      assertTrue(e.getMessage().contains("block"), e.getMessage());
    }
  }

  @Test
  void staleKeptAliveConnectionIsRetriedOnce() throws Exception {
    RpcServer shortIdle =
        new RpcServer(
                new HttpServerBinding(
                    transport,
                    HttpServerSettings.defaults()
                        .withTimeouts(
                            Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofSeconds(5))),
                Endpoint.of("localhost", 0))
            .addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b)
            .start();
    try (shortIdle;
        Client c =
            HttpClientSettings.builder()
                .endpoint("localhost", shortIdle.port())
                .dialer(transport)
                .timeout(WAIT)
                .build()
                .client()) {
      assertEquals(3, c.call("suma", 1, 2));
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (shortIdle.activeConnections() > 0 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertEquals(0, shortIdle.activeConnections());
      assertEquals(7, c.call("suma", 3, 4));
    }
  }

  private Connection raw() throws IOException {
    Connection c = transport.connect(Endpoint.of("localhost", server.port()), WAIT);
    c.readTimeout(WAIT);
    return c;
  }

  @Test
  void otherMethodsGet405WithAllowPost() throws IOException {
    try (Connection c = raw()) {
      c.sendAll("GET /RPC2 HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(ISO_8859_1));
      RawHttp.Response r = RawHttp.read(c);
      assertEquals(405, r.status());
      assertEquals("POST", r.header("Allow"));
      // Still usable: the 405 keeps the connection.
      c.sendAll(RawHttp.post("/RPC2", RawHttp.call("suma", "1", "1")).getBytes(UTF_8));
      assertEquals(200, RawHttp.read(c).status());
    }
  }

  @Test
  void otherPathsGet404AndBothDefaultPathsWork() throws IOException {
    try (Connection c = raw()) {
      c.sendAll(RawHttp.post("/elsewhere", RawHttp.call("suma", "1", "1")).getBytes(UTF_8));
      assertEquals(404, RawHttp.read(c).status());
      c.sendAll(RawHttp.post("/", RawHttp.call("suma", "1", "1")).getBytes(UTF_8));
      RawHttp.Response r = RawHttp.read(c);
      assertEquals(200, r.status());
      assertTrue(r.text().contains("<int>2</int>"), r.text());
    }
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrder() throws IOException {
    try (Connection c = raw()) {
      String both =
          RawHttp.post("/RPC2", RawHttp.call("suma", "1", "2"))
              + RawHttp.post("/RPC2", RawHttp.call("suma", "10", "20"));
      c.sendAll(both.getBytes(UTF_8));
      assertTrue(RawHttp.read(c).text().contains("<int>3</int>"));
      assertTrue(RawHttp.read(c).text().contains("<int>30</int>"));
    }
  }

  @Test
  void connectionCloseAndHttp10AreHonoured() throws IOException {
    try (Connection c = raw()) {
      c.sendAll(
          RawHttp.post("/RPC2", RawHttp.call("suma", "1", "2"), "Connection: close")
              .getBytes(UTF_8));
      RawHttp.Response r = RawHttp.read(c);
      assertEquals("close", r.header("Connection"));
      assertEquals(-1, c.input().read());
    }
    try (Connection c = raw()) {
      String request =
          RawHttp.post("/RPC2", RawHttp.call("suma", "1", "2")).replace("HTTP/1.1", "HTTP/1.0");
      c.sendAll(request.getBytes(UTF_8));
      assertEquals(200, RawHttp.read(c).status());
      assertEquals(-1, c.input().read());
    }
  }

  @Test
  void gzipBodiesBothWays() throws IOException {
    String big = "x".repeat(5000);
    String call =
        "<?xml version=\"1.0\"?><methodCall><methodName>echo</methodName>"
            + "<params><param><value><string>"
            + big
            + "</string></value></param></params></methodCall>";
    ByteArrayOutputStream zipped = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
      gz.write(call.getBytes(UTF_8));
    }
    byte[] head =
        ("POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Encoding: gzip\r\nAccept-Encoding: gzip\r\n"
                + "Content-Length: "
                + zipped.size()
                + "\r\n\r\n")
            .getBytes(ISO_8859_1);
    try (Connection c = raw()) {
      c.sendAll(head);
      c.sendAll(zipped.toByteArray());
      RawHttp.Response r = RawHttp.read(c);
      assertEquals(200, r.status());
      assertEquals("gzip", r.header("Content-Encoding"));
      String text =
          new String(new GZIPInputStream(new ByteArrayInputStream(r.body())).readAllBytes(), UTF_8);
      assertTrue(text.contains(big));
    }
  }

  @Test
  void badRequestsGetTheirStatus() throws IOException {
    assertEquals(411, statusOf("POST /RPC2 HTTP/1.1\r\nHost: x\r\n\r\n"));
    assertEquals(
        413, statusOf("POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Length: 999999999\r\n\r\n"));
    assertEquals(505, statusOf("POST /RPC2 HTTP/2.0\r\nHost: x\r\nContent-Length: 1\r\n\r\nx"));
    assertEquals(400, statusOf("garbage\r\n\r\n"));
    assertEquals(
        501,
        statusOf(
            "POST /RPC2 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n"));
    assertEquals(
        431, statusOf("POST /RPC2 HTTP/1.1\r\nHost: x\r\nX: " + "a".repeat(20_000) + "\r\n\r\n"));
    assertEquals(
        431, statusOf("POST /RPC2 HTTP/1.1\r\nHost: x\r\n" + "X: y\r\n".repeat(3_000) + "\r\n"));
    assertEquals(414, statusOf("POST /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n"));
  }

  /** RFC 9112 rules that keep a proxy and this server from disagreeing on where a request ends. */
  @Test
  void smugglingAttemptsGet400AndTheConnectionCloses() throws IOException {
    String call = RawHttp.call("suma", "1", "1");
    List<String> attempts =
        List.of(
            // Content-Length and Transfer-Encoding together (RFC 9112 6.1).
            "POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Length: "
                + call.length()
                + "\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
                + call,
            // Conflicting Content-Length values.
            "POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n"
                + call,
            // Whitespace between the field name and the colon.
            "POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Length : "
                + call.length()
                + "\r\n\r\n"
                + call,
            // Obsolete line folding.
            "POST /RPC2 HTTP/1.1\r\nHost: x\r\nX: a\r\n b\r\nContent-Length: "
                + call.length()
                + "\r\n\r\n"
                + call,
            // A bare LF ending a header line.
            "POST /RPC2 HTTP/1.1\r\nHost: x\nContent-Length: " + call.length() + "\r\n\r\n" + call,
            // A negative length.
            "POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n" + call,
            // Transfer-Encoding whose final coding is not chunked.
            "POST /RPC2 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, identity\r\n\r\n" + call,
            // Transfer-Encoding in HTTP/1.0.
            "POST /RPC2 HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            // An HTTP/1.1 request without Host.
            "POST /RPC2 HTTP/1.1\r\nContent-Length: " + call.length() + "\r\n\r\n" + call);
    for (String attempt : attempts) {
      try (Connection c = raw()) {
        c.sendAll(attempt.getBytes(ISO_8859_1));
        RawHttp.Response r = RawHttp.read(c);
        assertEquals(400, r.status(), attempt);
        assertEquals("close", r.header("Connection"), attempt);
        // Nothing after the refusal is read as a request: the server has closed.
        assertEquals(-1, c.input().read(), attempt);
      }
    }
  }

  @Test
  void chunkedRequestBodiesAreAccepted() throws IOException {
    String call = RawHttp.call("suma", "20", "22");
    String chunked =
        "POST /RPC2 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
            + Integer.toHexString(10)
            + "\r\n"
            + call.substring(0, 10)
            + "\r\n"
            + Integer.toHexString(call.length() - 10)
            + "\r\n"
            + call.substring(10)
            + "\r\n"
            + "0\r\n\r\n";
    try (Connection c = raw()) {
      c.sendAll(chunked.getBytes(ISO_8859_1));
      RawHttp.Response r = RawHttp.read(c);
      assertEquals(200, r.status());
      assertTrue(r.text().contains("<int>42</int>"), r.text());
      // The connection stays usable.
      c.sendAll(RawHttp.post("/RPC2", RawHttp.call("suma", "1", "2")).getBytes(UTF_8));
      assertTrue(RawHttp.read(c).text().contains("<int>3</int>"));
    }
  }

  @Test
  void expectContinueIsAnsweredBeforeTheBody() throws IOException {
    String call = RawHttp.call("suma", "2", "3");
    try (Connection c = raw()) {
      c.sendAll(
          ("POST /RPC2 HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: "
                  + call.length()
                  + "\r\n\r\n")
              .getBytes(ISO_8859_1));
      RawHttp.Response interim = RawHttp.read(c);
      assertEquals(100, interim.status());
      c.sendAll(call.getBytes(ISO_8859_1));
      RawHttp.Response r = RawHttp.read(c);
      assertEquals(200, r.status());
      assertTrue(r.text().contains("<int>5</int>"), r.text());
    }
  }

  @Test
  void unsupportedContentEncodingIs415AndKeepsTheConnection() throws IOException {
    try (Connection c = raw()) {
      c.sendAll(
          RawHttp.post("/RPC2", RawHttp.call("suma", "1", "1"), "Content-Encoding: br")
              .getBytes(UTF_8));
      assertEquals(415, RawHttp.read(c).status());
      c.sendAll(RawHttp.post("/RPC2", RawHttp.call("suma", "1", "1")).getBytes(UTF_8));
      assertEquals(200, RawHttp.read(c).status());
    }
  }

  @Test
  void gzipBombIsRefusedWith413() throws IOException {
    ByteArrayOutputStream zipped = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
      byte[] zeros = new byte[64 * 1024];
      for (int i = 0; i < 32; i++) {
        gz.write(zeros); // 2 MiB inflated, far above the 64 KiB body limit of this server
      }
    }
    try (Connection c = raw()) {
      c.sendAll(
          ("POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Encoding: gzip\r\nContent-Length: "
                  + zipped.size()
                  + "\r\n\r\n")
              .getBytes(ISO_8859_1));
      c.sendAll(zipped.toByteArray());
      assertEquals(413, RawHttp.read(c).status());
    }
  }

  @Test
  void malformedXmlIsAFaultWithStatus200() throws IOException {
    try (Connection c = raw()) {
      c.sendAll(RawHttp.post("/RPC2", "<methodCall><oops").getBytes(UTF_8));
      RawHttp.Response r = RawHttp.read(c);
      assertEquals(200, r.status());
      assertTrue(r.text().contains("<name>faultCode</name>"), r.text());
      assertFalse(r.text().contains("Exception"), r.text());
    }
  }

  @Test
  void slowHeadIsCutOffByTheHeaderTimeout() throws Exception {
    try (Connection c = raw()) {
      c.sendAll("POST /RPC2 HTTP/1.1\r\n".getBytes(ISO_8859_1));
      long deadline = System.nanoTime() + WAIT.toNanos();
      // Trickle a header byte at a time, as a slowloris client does, until the server gives up.
      int status = 0;
      for (int i = 0; i < 10_000 && System.nanoTime() < deadline; i++) {
        try {
          c.sendAll("X".getBytes(ISO_8859_1));
        } catch (IOException closed) {
          break;
        }
        if (c.input().available() > 0) {
          status = RawHttp.read(c).status();
          break;
        }
        Thread.sleep(20); // pacing the trickle, not waiting for a result
      }
      if (status == 0) {
        status = RawHttp.read(c).status();
      }
      assertEquals(408, status);
    }
  }

  @Test
  void slowBodyIsCutOffByTheBodyTimeout() throws IOException {
    try (Connection c = raw()) {
      // The head declares 100 bytes; only 10 come, then nothing: 408 once the body timeout passes.
      c.sendAll(
          "POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n0123456789"
              .getBytes(ISO_8859_1));
      RawHttp.Response r = RawHttp.read(c);
      assertEquals(408, r.status());
      assertEquals("close", r.header("Connection"));
      assertEquals(-1, c.input().read());
    }
  }

  @Test
  void http10KeepAliveIsAnsweredInKindAndKeepsTheConnection() throws IOException {
    try (Connection c = raw()) {
      for (int i = 0; i < 2; i++) {
        String request =
            RawHttp.post("/RPC2", RawHttp.call("suma", "1", "2"), "Connection: keep-alive")
                .replace("HTTP/1.1", "HTTP/1.0");
        c.sendAll(request.getBytes(UTF_8));
        RawHttp.Response r = RawHttp.read(c);
        assertEquals(200, r.status());
        assertEquals("keep-alive", r.header("Connection"));
        assertTrue(r.text().contains("<int>3</int>"), r.text());
      }
    }
  }

  @Test
  void absoluteFormAndQueryReachTheServedPath() throws IOException {
    try (Connection c = raw()) {
      c.sendAll(RawHttp.post("http://test/RPC2", RawHttp.call("suma", "1", "2")).getBytes(UTF_8));
      assertEquals(200, RawHttp.read(c).status());
      c.sendAll(RawHttp.post("/RPC2?x=1", RawHttp.call("suma", "1", "2")).getBytes(UTF_8));
      assertEquals(200, RawHttp.read(c).status());
      c.sendAll(RawHttp.post("http://test/other", RawHttp.call("suma", "1", "2")).getBytes(UTF_8));
      assertEquals(404, RawHttp.read(c).status());
    }
  }

  @Test
  void connectionsOverTheLimitGet503ThenClose() throws IOException {
    try (RpcServer one =
        new RpcServer(
                new HttpServerBinding(
                    transport, HttpServerSettings.defaults().withMaxConnections(1)),
                Endpoint.of("localhost", 0))
            .addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b)
            .start()) {
      Endpoint at = Endpoint.of("localhost", one.port());
      try (Connection first = transport.connect(at, WAIT)) {
        first.readTimeout(WAIT);
        first.sendAll(RawHttp.post("/RPC2", RawHttp.call("suma", "1", "1")).getBytes(UTF_8));
        assertEquals(200, RawHttp.read(first).status());
        try (Connection second = transport.connect(at, WAIT)) {
          second.readTimeout(WAIT);
          second.sendAll(RawHttp.post("/RPC2", RawHttp.call("suma", "1", "1")).getBytes(UTF_8));
          RawHttp.Response busy = RawHttp.read(second);
          assertEquals(503, busy.status(), busy.head());
          assertEquals("1", busy.header("Retry-After"), busy.head());
          assertEquals("close", busy.header("Connection"), busy.head());
          assertEquals(-1, second.input().read());
        }
        first.sendAll(RawHttp.post("/RPC2", RawHttp.call("suma", "2", "2")).getBytes(UTF_8));
        assertTrue(RawHttp.read(first).text().contains("<int>4</int>"));
      }
      // Neither the refused connection nor the closed first one keeps its place.
      long deadline = System.nanoTime() + WAIT.toNanos();
      int status = 0;
      for (int attempt = 0;
          attempt < 1_000 && status != 200 && System.nanoTime() < deadline;
          attempt++) {
        try (Connection later = transport.connect(at, WAIT)) {
          later.readTimeout(WAIT);
          later.sendAll(RawHttp.post("/RPC2", RawHttp.call("suma", "3", "3")).getBytes(UTF_8));
          status = RawHttp.read(later).status();
        }
      }
      assertEquals(200, status);
    }
  }

  @Test
  void gracefulShutdownLetsTheCallInFlightFinish() throws Exception {
    CompletableFuture<Object> inFlight = client.callAsync("block");
    assertTrue(entered.await(WAIT.toSeconds(), TimeUnit.SECONDS), "the call never started");
    Thread stopper =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    server.shutdown(WAIT);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
    release.countDown();
    assertEquals(true, inFlight.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    stopper.join(WAIT.toMillis());
    assertFalse(stopper.isAlive());
  }

  @Test
  void basicAuthenticationIsRequiredWhenConfigured() throws IOException {
    try (RpcServer guarded =
        new RpcServer(
                new HttpServerBinding(
                    transport, HttpServerSettings.defaults().withBasicAuth("ana", "s3cret")),
                Endpoint.of("localhost", 0))
            .addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b)
            .start()) {
      HttpClientSettings.Builder base =
          HttpClientSettings.builder()
              .endpoint("localhost", guarded.port())
              .dialer(transport)
              .timeout(WAIT);
      try (Client anonymous = base.build().client()) {
        RpcException e = assertThrows(RpcException.class, () -> anonymous.call("suma", 1, 2));
        assertEquals(RpcException.Kind.PROTOCOL, e.kind());
        assertTrue(e.getMessage().contains("401"), e.getMessage());
      }
      try (Client wrong = base.basicAuth("ana", "guess").build().client()) {
        assertThrows(RpcException.class, () -> wrong.call("suma", 1, 2));
      }
      try (Client ana = base.basicAuth("ana", "s3cret").build().client()) {
        assertEquals(3, ana.call("suma", 1, 2));
      }
      try (Client fromUrl =
          HttpClientSettings.builder()
              .url("http://ana:s3cret@localhost:" + guarded.port() + "/RPC2")
              .dialer(transport)
              .timeout(WAIT)
              .build()
              .client()) {
        assertEquals(7, fromUrl.call("suma", 3, 4));
      }
      try (Connection c = transport.connect(Endpoint.of("localhost", guarded.port()), WAIT)) {
        c.readTimeout(WAIT);
        c.sendAll(RawHttp.post("/RPC2", RawHttp.call("suma", "1", "1")).getBytes(UTF_8));
        RawHttp.Response r = RawHttp.read(c);
        assertEquals(401, r.status());
        assertTrue(r.header("WWW-Authenticate").startsWith("Basic realm="), r.head());
      }
    }
  }

  private int statusOf(String request) throws IOException {
    try (Connection c = raw()) {
      c.sendAll(request.getBytes(ISO_8859_1));
      RawHttp.Response r = RawHttp.read(c);
      assertEquals("close", r.header("Connection"));
      return r.status();
    }
  }
}
