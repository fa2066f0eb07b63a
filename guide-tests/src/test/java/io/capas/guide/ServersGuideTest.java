package io.capas.guide;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.http.Headers;
import io.capas.rpc.Client;
import io.capas.rpc.HttpEndpoint;
import io.capas.rpc.HttpServerSettings;
import io.capas.rpc.RpcFault;
import io.capas.rpc.RpcServer;
import io.capas.rpc.XmlRpcMethod;
import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.TcpTransport;
import io.capas.xmlrpc.XmlRpcLimits;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** docs/guide/servers.md: each registration style, a server model, limits and shutdown, run. */
class ServersGuideTest {
  private static final TcpTransport TRANSPORT =
      new TcpTransport(TcpConfig.defaults(), HostResolver.system());

  // guide:begin annotated
  public static final class Calculator {
    @XmlRpcMethod(help = "Adds two integers.")
    public int add(int a, int b) {
      return a + b;
    }

    @XmlRpcMethod(name = "divide", help = "Divides; fault 1 for a zero divisor.")
    public double div(double a, double b) {
      if (b == 0) {
        throw new RpcFault(1, "division by zero");
      }
      return a / b;
    }

    @XmlRpcMethod(help = "Doubles, answering later: the caller's deadline still bounds it.")
    public CompletableFuture<Integer> twice(int n) {
      return CompletableFuture.supplyAsync(() -> n * 2);
    }
  }

  // guide:end annotated

  @Test
  void registrationStyles() {
    // guide:begin styles
    RpcServer server =
        RpcServer.http(TRANSPORT, 0)
            // a typed lambda: each argument checked and converted (fault -32602 if it cannot be)
            .addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b)
            // a plain handler: the parameters as XML-RPC values (Integer, String, List, Map...)
            .addMethod("count", params -> params.size())
            // with help and a signature for system.methodHelp / system.methodSignature
            .addMethod("echo", "Returns its argument.", List.of("string", "string"), p -> p.get(0))
            // any number of parameters of one type, as Python's def f(*args)
            .addVarargs("concat", String.class, parts -> String.join("", parts))
            // the call's context beside the parameters: addresses, headers, user, deadline
            .addMethod("whoami", (context, params) -> context.binding())
            // the @XmlRpcMethod methods of an object, as calculator.add, calculator.divide...
            .addObject("calculator", new Calculator())
            .start();
    // guide:end styles
    try (server;
        Client client = Client.connect(server.url())) {
      assertEquals(5, client.call("suma", 2, 3));
      assertEquals(3, client.call("count", 1, "two", 3.0));
      assertEquals("hi", client.call("echo", "hi"));
      assertEquals("abc", client.call("concat", "a", "b", "c"));
      assertEquals("http", client.call("whoami"));
      assertEquals(7, client.call("calculator.add", 3, 4));
      assertEquals(2.5, client.call("calculator.divide", 5.0, 2.0));
      assertEquals(42, client.call("calculator.twice", 21));
      RpcFault fault =
          assertThrows(RpcFault.class, () -> client.call("calculator.divide", 1.0, 0.0));
      assertEquals(1, fault.code());
      assertEquals(-32602, assertThrows(RpcFault.class, () -> client.call("suma", "x", 1)).code());
      // guide:begin introspection
      assertEquals("Adds two integers.", client.call("system.methodHelp", "calculator.add"));
      assertEquals(
          List.of(List.of("int", "int", "int")),
          client.call("system.methodSignature", "calculator.add"));
      // guide:end introspection
      assertTrue(((List<?>) client.call("system.listMethods")).contains("calculator.divide"));
    }
  }

  @Test
  void serverModelAndLimits() throws Exception {
    // guide:begin models
    TcpConfig config =
        TcpConfig.builder()
            .model(TcpConfig.Model.POOL) // or SEQUENTIAL, THREAD_PER_CONNECTION, MULTIPLEX
            .poolSize(32)
            .maxConnections(10_000)
            .idleTimeout(Duration.ofMinutes(2))
            .build();
    TcpTransport pooled = new TcpTransport(config, HostResolver.system());
    // guide:end models
    // guide:begin limits
    HttpServerSettings http =
        HttpServerSettings.defaults()
            .withPaths(Set.of("/RPC2"))
            .withMaxBodyBytes(1024 * 1024) // larger requests get 413
            .withMaxConnections(1_000) // one more gets 503 with Retry-After
            .withTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(10));
    RpcServer server =
        RpcServer.http(pooled, Endpoint.of("127.0.0.1", 0), http)
            .limits(XmlRpcLimits.defaults().withMaxDepth(16).withMaxStringLength(64 * 1024))
            .maxMulticallCalls(100)
            .addMethod("echo", String.class, s -> s)
            .start();
    // guide:end limits
    try (server;
        Client client = Client.connect(server.url())) {
      assertEquals("ok", client.call("echo", "ok"));
      RpcFault tooLong =
          assertThrows(RpcFault.class, () -> client.call("echo", "x".repeat(64 * 1024 + 1)));
      assertTrue(tooLong.faultString().contains("maxStringLength"), tooLong.getMessage());
      Object deep = "leaf";
      for (int i = 0; i < 20; i++) {
        deep = List.of(deep);
      }
      Object tooDeep = deep;
      assertThrows(RpcFault.class, () -> client.call("echo", tooDeep));
      assertTrue(server.activeConnections() >= 1);
    }
  }

  @Test
  void gracefulShutdownLetsTheCallInFlightFinish() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CompletableFuture<Void> release = new CompletableFuture<>();
    RpcServer server =
        RpcServer.http(TRANSPORT, 0)
            .addMethod(
                "slow",
                params -> {
                  started.countDown();
                  release.get(30, TimeUnit.SECONDS);
                  return "done";
                })
            .start();
    try (Client client = Client.connect(server.url())) {
      CompletableFuture<Object> call = client.callAsync("slow");
      assertTrue(started.await(30, TimeUnit.SECONDS), "the call never reached its handler");
      CompletableFuture<Void> stopping =
          CompletableFuture.runAsync(
              () -> {
                try {
                  // guide:begin shutdown
                  server.shutdown(Duration.ofSeconds(10)); // stop accepting, let calls finish
                  server.close(); // at once; a second call does nothing
                  // guide:end shutdown
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
      assertFalse(call.isDone());
      release.complete(null);
      assertEquals("done", call.get(30, TimeUnit.SECONDS));
      stopping.get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void embeddedServerAnswersThroughItsHttpEndpoint() throws Exception {
    byte[] request =
        "<?xml version=\"1.0\"?><methodCall><methodName>suma</methodName><params>"
            .concat("<param><value><int>2</int></value></param>")
            .concat("<param><value><int>3</int></value></param></params></methodCall>")
            .getBytes(UTF_8);
    Headers headers =
        Headers.of("Content-Type", "text/xml", "Content-Length", String.valueOf(request.length));
    // guide:begin embedded
    RpcServer rpc =
        RpcServer.embedded() // no transport, no port: another HTTP server brings the requests
            .addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b)
            .start();
    HttpEndpoint endpoint = HttpEndpoint.of(rpc);
    HttpEndpoint.Response answer =
        endpoint.serve(
            HttpEndpoint.Request.of("POST", "/RPC2", headers, new ByteArrayInputStream(request)));
    // answer.status(), answer.headers(), answer.writeBody(out): what the host server sends back
    // guide:end embedded
    try (rpc) {
      assertEquals(200, answer.status().code());
      String body = new String(answer.body(), UTF_8);
      assertTrue(body.contains("<int>5</int>") || body.contains("<i4>5</i4>"), body);
      HttpEndpoint.Response get =
          endpoint.serve(
              HttpEndpoint.Request.of(
                  "GET", "/RPC2", Headers.empty(), new ByteArrayInputStream(new byte[0])));
      assertEquals(405, get.status().code());
    }
  }

  @Test
  void methodPageAndHealth() throws Exception {
    // guide:begin method-page
    RpcServer server =
        RpcServer.http(
                TRANSPORT,
                Endpoint.of("127.0.0.1", 0),
                HttpServerSettings.defaults()
                    .withMethodPage(true) // GET /RPC2: the methods, their help, a form to call them
                    .withServerName("Calculator") // the page's title
                    .withHealth("/health")) // GET /health: 200 "ok", 503 "draining"
            .addObject("calculator", new Calculator())
            .start();
    // guide:end method-page
    try (server;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
      String base = "http://127.0.0.1:" + server.port();
      HttpResponse<String> page =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/RPC2"))
                  .timeout(Duration.ofSeconds(20))
                  .build(),
              HttpResponse.BodyHandlers.ofString(UTF_8));
      assertEquals(200, page.statusCode());
      assertTrue(
          page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"),
          page.headers().toString());
      assertTrue(page.body().contains("Calculator"), page.body());
      assertTrue(page.body().contains("calculator.add"), page.body());
      HttpResponse<String> health =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/health"))
                  .timeout(Duration.ofSeconds(20))
                  .build(),
              HttpResponse.BodyHandlers.ofString(UTF_8));
      assertEquals(200, health.statusCode());
      assertEquals("ok", health.body().strip());
    }
  }
}
