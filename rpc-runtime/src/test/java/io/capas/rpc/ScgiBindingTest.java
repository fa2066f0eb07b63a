package io.capas.rpc;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.framing.NetstringEncoder;
import io.capas.framing.ScgiHeaders;
import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.TcpTransport;
import io.capas.xmlrpc.FaultCodes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** XML-RPC over SCGI: capas's client and server, and the server's answers to raw SCGI requests. */
class ScgiBindingTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String SUMA =
      "<?xml version=\"1.0\"?><methodCall><methodName>suma</methodName><params>"
          + "<param><value><int>2</int></value></param><param><value><int>3</int></value></param>"
          + "</params></methodCall>";

  private static TcpTransport tcp(TcpConfig.Model model) {
    return new TcpTransport(
        TcpConfig.defaults().toBuilder().model(model).build(), HostResolver.system());
  }

  private static RpcServer server(TcpConfig.Model model, ScgiServerSettings settings) {
    return RpcServer.scgi(tcp(model), Endpoint.of("127.0.0.1", 0), settings)
        .addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b)
        .addMethod(
            "context",
            (context, params) ->
                Map.of(
                    "binding", context.binding(),
                    "uri", context.header("REQUEST_URI").orElse("-"),
                    "deadline", context.remaining().isPresent(),
                    "traced", context.header("X-Trace").orElse("-")));
  }

  private static Client client(RpcServer server) {
    return ScgiClientSettings.builder().url(server.url()).timeout(WAIT).build().client();
  }

  @ParameterizedTest
  @EnumSource(TcpConfig.Model.class)
  void capasClientCallsCapasServerOnEveryModel(TcpConfig.Model model) {
    try (RpcServer server = server(model, ScgiServerSettings.defaults()).start();
        Client client = client(server)) {
      assertEquals("scgi://127.0.0.1:" + server.port(), server.url());
      for (int i = 0; i < 20; i++) {
        assertEquals(i + 3, client.call("suma", i, 3));
      }
      RpcFault fault = assertThrows(RpcFault.class, () -> client.call("nope"));
      assertEquals(FaultCodes.METHOD_NOT_FOUND, fault.code());
    }
  }

  @Test
  void handlersSeeTheScgiContextAndTheCallersHeaders() {
    try (RpcServer server =
            server(TcpConfig.Model.MULTIPLEX, ScgiServerSettings.defaults()).start();
        Client client =
            client(server)
                .withInterceptor((call, next) -> next.proceed(call.withHeader("X-Trace", "abc")))) {
      assertEquals(
          Map.of("binding", "scgi", "uri", "/RPC2", "deadline", true, "traced", "abc"),
          client.call("context"));
    }
  }

  @Test
  void answersARawRequestWithACgiResponse() throws IOException {
    try (RpcServer server =
        server(TcpConfig.Model.MULTIPLEX, ScgiServerSettings.defaults()).start()) {
      byte[] body = SUMA.getBytes(US_ASCII);
      String response = exchange(server, request(body.length, Map.of()), body);
      assertTrue(
          response.startsWith("Status: 200 OK\r\nContent-Type: text/xml\r\nContent-Length: "),
          response);
      assertTrue(response.contains("<int>5</int>"), response);
      int length =
          Integer.parseInt(
              response.substring(response.indexOf("Length: ") + 8, response.indexOf("\r\n\r\n")));
      assertEquals(length, response.length() - response.indexOf("\r\n\r\n") - 4);
    }
  }

  @Test
  void refusesBadRequestsWithTypedStatuses() throws IOException {
    ScgiServerSettings small =
        ScgiServerSettings.defaults().withHeadLimits(256, 4).withMaxBodyBytes(1000);
    try (RpcServer server = server(TcpConfig.Model.MULTIPLEX, small).start()) {
      byte[] body = SUMA.getBytes(US_ASCII);
      assertStatus(400, exchange(server, "4x:abc,".getBytes(US_ASCII), body));
      assertStatus(
          400, exchange(server, NetstringEncoder.encode("SCGI\0001\000".getBytes(US_ASCII)), body));
      assertStatus(431, exchange(server, NetstringEncoder.encode(new byte[300]), body));
      Map<String, String> many = new LinkedHashMap<>();
      for (int i = 0; i < 5; i++) {
        many.put("H" + i, "v");
      }
      assertStatus(431, exchange(server, request(body.length, many), body));
      assertStatus(413, exchange(server, request(1001, Map.of()), new byte[0]));
      // The refused body is read and dropped before the close: the answer is not lost to a reset.
      assertStatus(413, exchange(server, request(100_000, Map.of()), new byte[100_000]));
      assertStatus(
          405, exchange(server, request(body.length, Map.of("REQUEST_METHOD", "GET")), body));
      // The stream ends with the body incomplete.
      assertStatus(400, exchange(server, request(body.length + 10, Map.of()), body));
      // Not a call: a parse fault in a 200 answer, as over HTTP.
      String notXml = exchange(server, request(3, Map.of()), "abc".getBytes(US_ASCII));
      assertStatus(200, notXml);
      assertTrue(notXml.contains("<name>faultCode</name>"), notXml);
    }
  }

  @Test
  void aHeadThatNeverEndsIsClosedAtTheHeaderTimeout() throws IOException {
    ScgiServerSettings quick =
        ScgiServerSettings.defaults().withTimeouts(Duration.ofMillis(300), Duration.ofSeconds(5));
    try (RpcServer server = server(TcpConfig.Model.MULTIPLEX, quick).start();
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      socket.setSoTimeout((int) WAIT.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write("100:CONTENT_LENGTH".getBytes(US_ASCII));
      out.flush();
      long start = System.nanoTime();
      assertEquals(-1, socket.getInputStream().read());
      assertTrue(System.nanoTime() - start < WAIT.toNanos());
    }
  }

  @Test
  void basicAuthenticationComesFromHttpAuthorization() {
    AtomicReference<String> who = new AtomicReference<>();
    try (RpcServer server =
            RpcServer.scgi(tcp(TcpConfig.Model.MULTIPLEX), Endpoint.of("127.0.0.1", 0))
                .intercept(ServerInterceptor.basicAuth("ana", "s3cret"))
                .addMethod(
                    "whoami",
                    (context, params) -> {
                      who.set(context.principal().orElse("-"));
                      return who.get();
                    })
                .start();
        Client ana =
            ScgiClientSettings.builder()
                .url(server.url())
                .basicAuth("ana", "s3cret")
                .build()
                .client();
        Client intruder =
            ScgiClientSettings.builder()
                .url(server.url())
                .basicAuth("ana", "guess")
                .build()
                .client();
        Client nobody = client(server)) {
      assertEquals("ana", ana.call("whoami"));
      for (Client refused : List.of(intruder, nobody)) {
        RpcException e = assertThrows(RpcException.class, () -> refused.call("whoami"));
        assertEquals(RpcException.Kind.PROTOCOL, e.kind());
        assertTrue(e.getMessage().contains("SCGI status 401"), e.getMessage());
      }
    }
  }

  @Test
  void aClosedPortIsUnavailable() {
    int port;
    try (RpcServer server =
        server(TcpConfig.Model.MULTIPLEX, ScgiServerSettings.defaults()).start()) {
      port = server.port();
    }
    try (Client client =
        ScgiClientSettings.builder().endpoint("127.0.0.1", port).timeout(WAIT).build().client()) {
      RpcException e = assertThrows(RpcException.class, () -> client.call("suma", 1, 2));
      assertEquals(RpcException.Kind.UNAVAILABLE, e.kind());
    }
  }

  private static byte[] request(long contentLength, Map<String, String> others) {
    return ScgiHeaders.of(contentLength, others).encodeHead();
  }

  private static void assertStatus(int code, String response) {
    assertTrue(response.startsWith("Status: " + code + " "), response);
  }

  /** Sends {@code head} and {@code body}, half-closes, and reads the answer to the end. */
  private static String exchange(RpcServer server, byte[] head, byte[] body) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      socket.setSoTimeout((int) WAIT.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(head);
      out.write(body);
      out.flush();
      socket.shutdownOutput();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      byte[] buffer = new byte[4096];
      for (int i = 0; i < 10_000; i++) {
        int n = in.read(buffer);
        if (n < 0) {
          break;
        }
        answer.write(buffer, 0, n);
      }
      return answer.toString(ISO_8859_1);
    }
  }
}
