package io.capas.rpc;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.transport.Connection;
import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.TcpTransport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Basic authentication is one interceptor with a check of the application's own: on HTTP it runs on
 * the request head, before the body is read; over framed it refuses every call.
 */
@Timeout(60)
class BasicAuthTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Map<String, String> USERS = Map.of("ana", "s3cret", "luis", "hunter2");

  private final TcpTransport transport =
      new TcpTransport(TcpConfig.defaults(), HostResolver.system());

  private HttpClientSettings.Builder client(int port) {
    return HttpClientSettings.builder().endpoint("127.0.0.1", port).dialer(transport).timeout(WAIT);
  }

  @Test
  void theApplicationsCheckDecidesAndTheUserIsThePrincipal() {
    List<String> checked = new CopyOnWriteArrayList<>();
    try (RpcServer server =
        TcpBinding.HTTP
            .server(transport)
            .intercept(
                ServerInterceptor.basicAuth(
                    (user, password) -> {
                      checked.add(user);
                      return password.equals(USERS.get(user));
                    }))
            .addMethod("whoami", (context, params) -> context.principal().orElse("nobody"))
            .start()) {
      try (Client ana = client(server.port()).basicAuth("ana", "s3cret").build().client();
          Client luis = client(server.port()).basicAuth("luis", "hunter2").build().client()) {
        assertEquals("ana", ana.call("whoami"));
        assertEquals("luis", luis.call("whoami"));
      }
      for (String[] wrong :
          new String[][] {{"ana", "hunter2"}, {"eve", "s3cret"}, {"ana", ""}, {"", ""}}) {
        try (Client refused =
            client(server.port()).basicAuth(wrong[0], wrong[1]).build().client()) {
          RpcException e = assertThrows(RpcException.class, () -> refused.call("whoami"));
          assertEquals(RpcException.Kind.PROTOCOL, e.kind());
          assertTrue(e.getMessage().contains("401"), e.getMessage());
        }
      }
      try (Client anonymous = client(server.port()).build().client()) {
        assertThrows(RpcException.class, () -> anonymous.call("whoami"));
      }
      assertEquals(List.of("ana", "luis", "ana", "eve", "ana", ""), checked);
    }
  }

  @Test
  void aRefusedRequestIsAnsweredBeforeItsBodyIsSent() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    try (RpcServer server =
            TcpBinding.HTTP
                .server(transport)
                .intercept(ServerInterceptor.basicAuth("ana", "s3cret"))
                .addMethod("count", params -> runs.incrementAndGet())
                .start();
        Connection c = transport.connect(Endpoint.of("127.0.0.1", server.port()), WAIT)) {
      c.readTimeout(WAIT);
      // Only the head of a 1 MB request: the answer cannot wait for a body that never comes.
      c.sendAll(
          String.join(
                  "\r\n",
                  "POST /RPC2 HTTP/1.1",
                  "Host: x",
                  "Content-Type: text/xml",
                  "Content-Length: 1000000",
                  "",
                  "")
              .getBytes(US_ASCII));
      RawHttp.Response r = RawHttp.read(c);
      assertEquals(401, r.status());
      assertTrue(r.header("WWW-Authenticate").startsWith("Basic realm="), r.head());
      assertEquals(0, runs.get());
    }
  }

  @Test
  void overFramedThereAreNoCredentialsSoEveryCallIsRefused() {
    try (RpcServer server =
            TcpBinding.FRAMED
                .server(transport)
                .intercept(ServerInterceptor.basicAuth("ana", "s3cret"))
                .addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b)
                .start();
        Client client =
            TcpBinding.FRAMED.client(transport, Endpoint.of("127.0.0.1", server.port()), WAIT)) {
      RpcFault fault = assertThrows(RpcFault.class, () -> client.call("suma", 2, 3));
      assertEquals(401, fault.code());
    }
  }
}
