package io.capas.rpc.httpserver;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.capas.rpc.CallContext;
import io.capas.rpc.Client;
import io.capas.rpc.HttpClientSettings;
import io.capas.rpc.HttpServerSettings;
import io.capas.rpc.RpcException;
import io.capas.rpc.RpcFault;
import io.capas.rpc.RpcServer;
import io.capas.rpc.ServerInterceptor;
import io.capas.xmlrpc.FaultCodes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An embedded RpcServer in the JDK's HttpServer on a free loopback port, called by real peers. */
class XmlRpcHttpHandlerTest {
  private static final int MAX_BODY = 64 * 1024;
  private static final String SUMA =
      "<?xml version=\"1.0\"?><methodCall><methodName>suma</methodName><params>"
          + "<param><value><int>2</int></value></param><param><value><int>3</int></value></param>"
          + "</params></methodCall>";

  private RpcServer rpc;
  private RpcServer secured;
  private HttpServer http;
  private ExecutorService executor;
  private int port;

  @BeforeEach
  void start() throws IOException {
    secured =
        RpcServer.embedded()
            .intercept(ServerInterceptor.basicAuth("ana", "secret"))
            .addMethod(
                "whoami",
                (CallContext context, List<Object> params) -> context.principal().orElse("?"))
            .start();
    rpc =
        RpcServer.embedded(HttpServerSettings.defaults().withMaxBodyBytes(MAX_BODY))
            .addMethod("suma", Integer.class, Integer.class, Integer::sum)
            .addMethod("echo", params -> params.get(0))
            .addMethod(
                "teapot",
                params -> {
                  throw new RpcFault(418, "I'm a teapot");
                })
            .addMethod(
                "whoami",
                (CallContext context, List<Object> params) ->
                    context.binding() + " " + context.remoteAddress().orElseThrow().getAddress())
            .start();
    http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    executor = Executors.newVirtualThreadPerTaskExecutor();
    http.setExecutor(executor);
    http.createContext("/RPC2", XmlRpcHttpHandler.of(rpc));
    http.createContext("/secure/RPC2", XmlRpcHttpHandler.of(secured));
    http.start();
    port = http.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    http.stop(0);
    executor.close();
    rpc.close();
    secured.close();
  }

  private String url() {
    return "http://127.0.0.1:" + port + "/RPC2";
  }

  @Test
  void capasClientCalls() {
    try (Client client = Client.connect(url())) {
      assertEquals(5, client.call("suma", 2, 3));
      assertEquals("http /127.0.0.1", client.call("whoami"));
      RpcFault fault = assertThrows(RpcFault.class, () -> client.call("teapot"));
      assertEquals(418, fault.code());
    }
  }

  @Test
  void basicAuthRunsBeforeTheCallAndThePrincipalReachesTheHandler() {
    String url = "http://127.0.0.1:" + port + "/secure/RPC2";
    try (Client anonymous = Client.connect(url)) {
      RpcException e = assertThrows(RpcException.class, () -> anonymous.call("whoami"));
      assertTrue(e.getMessage().contains("401"), e.getMessage());
    }
    try (Client ana =
        HttpClientSettings.builder().url(url).basicAuth("ana", "secret").build().client()) {
      assertEquals("ana", ana.call("whoami"));
    }
  }

  @Test
  void pythonClientCallsWithGzipBothWays() throws Exception {
    Peers.Run run = Peers.python("embedded_client.py", url(), Duration.ofSeconds(60));
    assertEquals(0, run.exit(), run::toString);
    assertTrue(run.stdout().contains("PASS"), run::toString);
  }

  @Test
  void getIs405AllowingPost() throws IOException {
    Peers.Response response = Peers.exchange(port, Peers.head("GET /RPC2 HTTP/1.1"), new byte[0]);
    assertEquals(405, response.status(), response::toString);
    assertEquals("POST", response.header("Allow"));
  }

  @Test
  void anotherPathUnderTheContextIs404() throws IOException {
    Peers.Response response = post("/RPC2/other", SUMA.getBytes(UTF_8));
    assertEquals(404, response.status(), response::toString);
  }

  @Test
  void aWrongContentTypeIsServedAsCapasServerServesIt() throws IOException {
    Peers.Response response =
        Peers.exchange(
            port,
            Peers.head(
                "POST /RPC2 HTTP/1.1",
                "Content-Type: application/json",
                "Content-Length: " + SUMA.length()),
            SUMA.getBytes(UTF_8));
    assertEquals(200, response.status(), response::toString);
    assertTrue(response.body().contains("<int>5</int>"), response::toString);
  }

  @Test
  void aDeclaredOversizedBodyIs413BeforeItIsSent() throws IOException {
    Peers.Response response =
        Peers.exchange(
            port,
            Peers.head(
                "POST /RPC2 HTTP/1.1", "Content-Type: text/xml", "Content-Length: 100000000"),
            new byte[0]);
    assertEquals(413, response.status(), response::toString);
    assertTrue(response.body().contains("exceeds the limit of " + MAX_BODY), response::toString);
  }

  @Test
  void aChunkedOversizedBodyIs413() throws IOException {
    byte[] chunk = new byte[MAX_BODY * 2];
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes((Integer.toHexString(chunk.length) + "\r\n").getBytes(UTF_8));
    body.writeBytes(chunk);
    body.writeBytes("\r\n0\r\n\r\n".getBytes(UTF_8));
    Peers.Response response =
        Peers.exchange(
            port,
            Peers.head(
                "POST /RPC2 HTTP/1.1", "Content-Type: text/xml", "Transfer-Encoding: chunked"),
            body.toByteArray());
    assertEquals(413, response.status(), response::toString);
  }

  @Test
  void aGzipBombIs413() throws IOException {
    byte[] bomb = gzip(new byte[16 * 1024 * 1024]); // 16 KiB on the wire, 16 MiB inflated
    assertTrue(bomb.length < MAX_BODY);
    Peers.Response response = post("/RPC2", bomb, "Content-Encoding: gzip");
    assertEquals(413, response.status(), response::toString);
  }

  @Test
  void corruptGzipIs400() throws IOException {
    Peers.Response response = post("/RPC2", new byte[] {1, 2, 3, 4}, "Content-Encoding: gzip");
    assertEquals(400, response.status(), response::toString);
  }

  @Test
  void aDoctypeIsTheNotWellFormedFault() throws IOException {
    String doctype =
        "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaa\">]>"
            + "<methodCall><methodName>suma</methodName></methodCall>";
    Peers.Response response = post("/RPC2", doctype.getBytes(UTF_8));
    assertEquals(200, response.status(), response::toString);
    assertTrue(
        response.body().contains("<int>" + FaultCodes.NOT_WELL_FORMED + "</int>"),
        response::toString);
  }

  private Peers.Response post(String path, byte[] body, String... headers) throws IOException {
    String[] all = new String[headers.length + 2];
    System.arraycopy(headers, 0, all, 0, headers.length);
    all[headers.length] = "Content-Type: text/xml";
    all[headers.length + 1] = "Content-Length: " + body.length;
    return Peers.exchange(port, Peers.head("POST " + path + " HTTP/1.1", all), body);
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(data);
    }
    return out.toByteArray();
  }
}
