package io.capas.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.capas.socket.UnixSocketOptions;
import io.capas.transport.Endpoint;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.UnixTransport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * XML-RPC over HTTP on a Unix domain socket, reached by {@code unix://} and {@code http+unix://}.
 */
@Timeout(60)
class UnixSocketCallTest {

  @TempDir Path dir;

  private RpcServer serve(Path socket, TcpConfig.Model model) {
    return RpcServer.http(
            new UnixTransport(
                TcpConfig.builder().model(model).build(), UnixSocketOptions.defaults()),
            Endpoint.unix(socket))
        .addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b)
        .addMethod("host", (context, params) -> context.header("Host").orElse("none"))
        .start();
  }

  @ParameterizedTest
  @EnumSource(TcpConfig.Model.class)
  void callsThroughBothUrlFormsOnEveryModel(TcpConfig.Model model) {
    Path socket = dir.resolve("rpc.sock");
    try (RpcServer server = serve(socket, model)) {
      String encoded = "http+unix://" + socket.toString().replace("/", "%2F") + "/RPC2";
      assertEquals(encoded, server.url());
      for (String url : List.of("unix://" + socket, encoded, server.url())) {
        try (Client client = Client.connect(url)) {
          assertEquals(5, client.call("suma", 2, 3), url);
          // As supervisorctl sends it: no port, no path.
          assertEquals("localhost", client.call("host"), url);
        }
      }
    }
  }

  @Test
  void settingsNameTheSocketAndThePath() {
    HttpClientSettings settings =
        HttpClientSettings.builder().url("http+unix://%2Ftmp%2Fa%20b.sock/x/RPC2?q=1").build();
    assertEquals(Endpoint.unix(Path.of("/tmp/a b.sock")), settings.endpoint());
    assertEquals("/x/RPC2?q=1", settings.path());
    assertEquals("http+unix://%2Ftmp%2Fa%20b.sock/x/RPC2?q=1", settings.url());
    HttpClientSettings supervisor =
        HttpClientSettings.builder().url("unix:///var/run/supervisor.sock").build();
    assertEquals(Endpoint.unix(Path.of("/var/run/supervisor.sock")), supervisor.endpoint());
    assertEquals("/RPC2", supervisor.path());
    HttpClientSettings withUser =
        HttpClientSettings.builder().url("http+unix://ana:s3cret@%2Ftmp%2Fs.sock").build();
    assertEquals("/", withUser.path());
    assertEquals(
        HttpServerSettings.basicAuthorization("ana", "s3cret"), withUser.basicAuthorization());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "unix:/tmp/x.sock", // no empty authority
        "unix://host/tmp/x.sock",
        "http+unix:///RPC2", // no socket
        "http+unix://%2Ftmp%2Fx.so%4", // truncated escape
        "http+unix://%2Ftmp%2Fx.so%zz/RPC2",
        "http+unix://relative.sock/RPC2", // not absolute
        "http+unix://%2Ftmp%2Fx%00.sock/RPC2", // NUL
      })
  void malformedUnixUrlsAreRefused(String url) {
    assertThrows(IllegalArgumentException.class, () -> HttpClientSettings.builder().url(url));
  }

  @Test
  void pathTooLongForASocketIsRefused() {
    String url = "unix:///" + "d".repeat(120) + ".sock";
    assertThrows(IllegalArgumentException.class, () -> HttpClientSettings.builder().url(url));
  }

  @Test
  void noServerOnTheSocketIsUnavailable() {
    try (Client client =
        HttpClientSettings.builder()
            .url("unix://" + dir.resolve("none.sock"))
            .timeout(Duration.ofSeconds(10))
            .build()
            .client()) {
      RpcException e = assertThrows(RpcException.class, () -> client.call("suma", 1, 2));
      assertEquals(RpcException.Kind.UNAVAILABLE, e.kind(), e.toString());
    }
  }
}
