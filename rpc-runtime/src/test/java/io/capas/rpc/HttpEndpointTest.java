package io.capas.rpc;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.http.ContentCoding;
import io.capas.http.Headers;
import io.capas.testing.transport.InMemoryTransport;
import io.capas.transport.Endpoint;
import io.capas.xmlrpc.Fault;
import io.capas.xmlrpc.FaultCodes;
import io.capas.xmlrpc.MethodResponse;
import io.capas.xmlrpc.XmlRpcLimits;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The transport-neutral entry point: the HTTP server binding's rules without a socket. */
class HttpEndpointTest {
  private static final String SUMA =
      "<?xml version=\"1.0\"?><methodCall><methodName>suma</methodName><params>"
          + "<param><value><int>2</int></value></param><param><value><int>3</int></value></param>"
          + "</params></methodCall>";

  private final List<RpcServer> servers = new ArrayList<>();

  @AfterEach
  void closeServers() {
    servers.forEach(RpcServer::close);
  }

  private HttpEndpoint endpoint(RpcServer server) {
    servers.add(server);
    return HttpEndpoint.of(
        server.addMethod("suma", Integer.class, Integer.class, Integer::sum).start());
  }

  private HttpEndpoint endpoint() {
    return endpoint(RpcServer.embedded());
  }

  private static HttpEndpoint.Request post(String body, String... headers) {
    return post(body.getBytes(UTF_8), headers);
  }

  private static HttpEndpoint.Request post(byte[] body, String... headers) {
    Headers.Builder h =
        Headers.builder()
            .add("Content-Type", "text/xml")
            .add("Content-Length", Integer.toString(body.length));
    for (int i = 0; i < headers.length; i += 2) {
      h.add(headers[i], headers[i + 1]);
    }
    return HttpEndpoint.Request.of("POST", "/", h.build(), new ByteArrayInputStream(body));
  }

  private static MethodResponse xml(HttpEndpoint.Response response) throws IOException {
    assertEquals(200, response.status().code(), response::toString);
    assertEquals("text/xml", response.headers().first("Content-Type").orElseThrow());
    return RpcCodec.xmlRpc().readResponse(new ByteArrayInputStream(response.body()));
  }

  private static String text(HttpEndpoint.Response response) {
    return new String(response.body(), UTF_8);
  }

  @Test
  void answersACallWith200AndTheResult() throws IOException {
    HttpEndpoint.Response response = endpoint().serve(post(SUMA));
    assertEquals(MethodResponse.success(5), xml(response));
    assertFalse(response.headers().contains("Server"), "the host names the server");
    assertFalse(response.headers().contains("Content-Length"), "the adapter sets the length");
  }

  @Test
  void refusesGetWith405AllowingPost() throws IOException {
    HttpEndpoint.Response response =
        endpoint()
            .serve(
                HttpEndpoint.Request.of(
                    "GET", "/", Headers.empty(), InputStream.nullInputStream()));
    assertEquals(405, response.status().code());
    assertEquals("POST", response.headers().first("Allow").orElseThrow());
  }

  @Test
  void refusesUnknownPathWith404AndMissingLengthWith411() throws IOException {
    HttpEndpoint endpoint = endpoint();
    byte[] body = SUMA.getBytes(UTF_8);
    Headers sized = Headers.of("Content-Length", Integer.toString(body.length));
    assertEquals(
        404,
        endpoint
            .serve(HttpEndpoint.Request.of("POST", "/other", sized, new ByteArrayInputStream(body)))
            .status()
            .code());
    HttpEndpoint.Response unsized =
        endpoint.serve(
            HttpEndpoint.Request.of("POST", "/", Headers.empty(), new ByteArrayInputStream(body)));
    assertEquals(411, unsized.status().code());
    assertEquals("close", unsized.headers().first("Connection").orElseThrow());
  }

  @Test
  void servesTheContentTypesCapasServerServes() throws IOException {
    // capas's own server does not look at Content-Type (REFERENCE.md: text/xml; charset=... is
    // accepted, and the document decides); the embedded endpoint behaves the same.
    assertEquals(
        MethodResponse.success(5),
        xml(endpoint().serve(post(SUMA, "Content-Type", "application/octet-stream"))));
  }

  @Test
  void refusesADeclaredOversizedBodyWith413WithoutReadingIt() throws IOException {
    HttpEndpoint endpoint = endpoint(RpcServer.embedded(settingsWithMaxBody(1024)));
    InputStream unreadable =
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("the body must not be read");
          }

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            throw new IOException("the body must not be read");
          }
        };
    HttpEndpoint.Response response =
        endpoint.serve(
            HttpEndpoint.Request.of("POST", "/", Headers.of("Content-Length", "2048"), unreadable));
    assertEquals(413, response.status().code());
    assertTrue(text(response).contains("exceeds the limit of 1024"), text(response));
  }

  @Test
  void refusesAnUndeclaredOversizedBodyWith413OnceThePastTheLimit() throws IOException {
    HttpEndpoint endpoint = endpoint(RpcServer.embedded(settingsWithMaxBody(1024)));
    // chunked: no Content-Length, the host de-chunks; the stream is longer than the limit
    HttpEndpoint.Response response =
        endpoint.serve(
            HttpEndpoint.Request.of(
                "POST",
                "/",
                Headers.of("Transfer-Encoding", "chunked"),
                new ByteArrayInputStream(new byte[4096])));
    assertEquals(413, response.status().code());
  }

  @Test
  void refusesAGzipBombWith413() throws IOException {
    HttpEndpoint endpoint = endpoint(RpcServer.embedded(settingsWithMaxBody(64 * 1024)));
    byte[] bomb = gzip(new byte[8 * 1024 * 1024]); // ~8 KiB on the wire, 8 MiB inflated
    assertTrue(bomb.length < 64 * 1024);
    HttpEndpoint.Response response = endpoint.serve(post(bomb, "Content-Encoding", "gzip"));
    assertEquals(413, response.status().code(), text(response));
  }

  @Test
  void refusesCorruptGzipWith400() throws IOException {
    HttpEndpoint.Response response =
        endpoint().serve(post(new byte[] {1, 2, 3, 4, 5}, "Content-Encoding", "gzip"));
    assertEquals(400, response.status().code(), text(response));
  }

  @Test
  void inflatesAGzipRequestAndGzipsALargeResponseWhenAccepted() throws IOException {
    RpcServer server =
        RpcServer.embedded(HttpServerSettings.defaults().withGzipMinBytes(16))
            .addMethod("big", params -> "x".repeat(10_000));
    HttpEndpoint endpoint = endpoint(server);
    byte[] call = gzip("<methodCall><methodName>big</methodName></methodCall>".getBytes(UTF_8));
    HttpEndpoint.Response response =
        endpoint.serve(post(call, "Content-Encoding", "gzip", "Accept-Encoding", "gzip"));
    assertEquals(200, response.status().code());
    assertEquals("gzip", response.headers().first("Content-Encoding").orElseThrow());
    byte[] plain = ContentCoding.GZIP.decode(response.body(), 1 << 20);
    MethodResponse decoded = RpcCodec.xmlRpc().readResponse(new ByteArrayInputStream(plain));
    assertEquals(MethodResponse.success("x".repeat(10_000)), decoded);
  }

  @Test
  void answersADoctypeWithTheNotWellFormedFault() throws IOException {
    String doctype =
        "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">]>"
            + "<methodCall><methodName>suma</methodName></methodCall>";
    Fault fault = assertInstanceOf(Fault.class, xml(endpoint().serve(post(doctype))));
    assertEquals(FaultCodes.NOT_WELL_FORMED, fault.code());
  }

  @Test
  void appliesTheServersXmlLimits() throws IOException {
    RpcServer server = RpcServer.embedded().limits(XmlRpcLimits.defaults().withMaxDepth(4));
    String deep =
        "<methodCall><methodName>suma</methodName><params><param>"
            + "<value><array><data>".repeat(8)
            + "</data></array></value>".repeat(8)
            + "</param></params></methodCall>";
    Fault fault = assertInstanceOf(Fault.class, xml(endpoint(server).serve(post(deep))));
    assertTrue(fault.message().contains("maxDepth"), fault.toString());
  }

  @Test
  void runsBasicAuthInterceptorsAndListenersWithTheRequestsAddresses() throws IOException {
    List<String> seen = new ArrayList<>();
    RpcServer server =
        RpcServer.embedded()
            .intercept(ServerInterceptor.basicAuth("ana", "secret"))
            .intercept(
                (context, call, next) -> {
                  seen.add(
                      context.binding()
                          + " "
                          + context.principal().orElse("?")
                          + " "
                          + context.remoteAddress().orElseThrow().getPort());
                  return next.proceed(context, call);
                })
            .listen(
                new CallListener() {
                  @Override
                  public void ended(CallContext context, CallListener.Result result) {
                    seen.add("ended " + context.method() + " " + result.faultCode());
                  }
                });
    HttpEndpoint endpoint = endpoint(server);
    HttpEndpoint.Response refused = endpoint.serve(post(SUMA));
    assertEquals(401, refused.status().code());
    assertTrue(refused.headers().first("WWW-Authenticate").orElseThrow().startsWith("Basic"));
    String credentials = Base64.getEncoder().encodeToString("ana:secret".getBytes(UTF_8));
    HttpEndpoint.Response response =
        endpoint.serve(
            post(SUMA, "Authorization", "Basic " + credentials)
                .withAddresses(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 8080),
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 40000)));
    assertEquals(MethodResponse.success(5), xml(response));
    assertEquals(List.of("http ana 40000", "ended suma 0"), seen);
  }

  @Test
  void refusesAHeadPastMaxHeadBytesWith431() throws IOException {
    HttpEndpoint.Response response = endpoint().serve(post(SUMA, "X-Padding", "p".repeat(20_000)));
    assertEquals(431, response.status().code(), text(response));
  }

  @Test
  void answers503OnceTheServerIsClosed() throws IOException {
    RpcServer server = RpcServer.embedded();
    HttpEndpoint endpoint = endpoint(server);
    server.close();
    assertEquals(503, endpoint.serve(post(SUMA)).status().code());
  }

  @Test
  void aGracefulShutdownAnswers503ToNewRequestsAndWaitsForTheCallInFlight() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    RpcServer server =
        RpcServer.embedded()
            .addMethod(
                "slow",
                params -> {
                  entered.countDown();
                  return release.await(30, TimeUnit.SECONDS) ? "done" : "timed out";
                });
    HttpEndpoint endpoint = endpoint(server);
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<HttpEndpoint.Response> slow =
          threads.submit(
              () -> endpoint.serve(post("<methodCall><methodName>slow</methodName></methodCall>")));
      assertTrue(entered.await(30, TimeUnit.SECONDS));
      assertEquals(1, server.activeConnections());
      Future<?> shutdown =
          threads.submit(
              () -> {
                server.shutdown(Duration.ofSeconds(30));
                return null;
              });
      // The shutdown starts on another thread: new requests are refused from then on.
      int status = 200;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      for (int i = 0; i < 1_000_000 && status == 200 && System.nanoTime() < deadline; i++) {
        status = endpoint.serve(post(SUMA)).status().code();
      }
      assertEquals(503, status);
      assertFalse(shutdown.isDone(), "the shutdown waits for the call in flight");
      release.countDown();
      assertEquals(MethodResponse.success("done"), xml(slow.get(30, TimeUnit.SECONDS)));
      shutdown.get(30, TimeUnit.SECONDS);
      assertEquals(0, server.activeConnections());
    }
  }

  @Test
  void needsAStartedEmbeddedServer() {
    RpcServer notStarted = RpcServer.embedded();
    assertThrows(IllegalStateException.class, () -> HttpEndpoint.of(notStarted));
    RpcServer own = RpcServer.http(InMemoryTransport.create(), Endpoint.of("localhost", 1));
    assertThrows(IllegalArgumentException.class, () -> HttpEndpoint.of(own));
  }

  private static HttpServerSettings settingsWithMaxBody(int max) {
    return HttpServerSettings.defaults().withMaxBodyBytes(max);
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(data);
    }
    return out.toByteArray();
  }
}
