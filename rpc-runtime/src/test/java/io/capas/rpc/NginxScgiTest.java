package io.capas.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.testing.process.ChildProcess;
import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.TcpTransport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * nginx's {@code scgi_pass} in front of {@code RpcServer.scgi}: HTTP clients call nginx, nginx
 * speaks SCGI to capas. nginx runs on the host (Debian's {@code nginx-light}, installed by {@code
 * .ci/setup.sh}; its binary has the SCGI module), in the foreground with a generated config in a
 * temp dir, on a free loopback port, stopped by its pid; the location uses Debian's {@code
 * /etc/nginx/scgi_params}, as a deployment would.
 */
class NginxScgiTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private static RpcServer server;
  private static ChildProcess nginx;
  private static int port;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    server =
        RpcServer.scgi(
                new TcpTransport(TcpConfig.defaults(), HostResolver.system()),
                Endpoint.of("127.0.0.1", 0),
                ScgiServerSettings.defaults().withMaxBodyBytes(2 * 1024 * 1024))
            .intercept(ServerInterceptor.basicAuth((user, password) -> password.equals(user + "!")))
            .addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b)
            .addMethod("echo", String.class, s -> s)
            .addMethod(
                "context",
                (context, params) ->
                    Map.of(
                        "binding", context.binding(),
                        "user", context.principal().orElse("-"),
                        "uri", context.header("REQUEST_URI").orElse("-"),
                        "remote", context.header("REMOTE_ADDR").orElse("-"),
                        "deadline", context.remaining().isPresent()))
            .start();
    port = freePort();
    Path config = dir.resolve("nginx.conf");
    Files.writeString(
        config,
        String.join(
            "\n",
            "daemon off;",
            "master_process off;",
            "worker_processes 1;",
            "pid " + dir.resolve("nginx.pid") + ";",
            "error_log " + dir.resolve("error.log") + " info;",
            "events { worker_connections 64; }",
            "http {",
            "  access_log off;",
            "  client_body_temp_path " + dir.resolve("body") + ";",
            "  scgi_temp_path " + dir.resolve("scgi") + ";",
            "  proxy_temp_path " + dir.resolve("proxy") + ";",
            "  fastcgi_temp_path " + dir.resolve("fastcgi") + ";",
            "  uwsgi_temp_path " + dir.resolve("uwsgi") + ";",
            "  client_max_body_size 4m;",
            "  server {",
            "    listen 127.0.0.1:" + port + ";",
            "    location /RPC2 {",
            "      include /etc/nginx/scgi_params;",
            "      scgi_pass 127.0.0.1:" + server.port() + ";",
            "    }",
            "  }",
            "}",
            ""));
    nginx =
        ChildProcess.start(
            List.of(
                "nginx",
                "-e",
                dir.resolve("error.log").toString(),
                "-p",
                dir.toString(),
                "-c",
                config.toString()),
            dir);
    awaitListening(port);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (nginx != null) {
      nginx.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private static Client client(String user) {
    return HttpClientSettings.builder()
        .url("http://127.0.0.1:" + port + "/RPC2")
        .basicAuth(user, user + "!")
        .timeout(WAIT)
        .build()
        .client();
  }

  @Test
  void callsGoThroughScgiPass() {
    try (Client client = client("ana")) {
      for (int i = 0; i < 10; i++) {
        assertEquals(i + 2, client.call("suma", i, 2));
      }
      RpcFault fault = assertThrows(RpcFault.class, () -> client.call("nope"));
      assertTrue(fault.faultString().contains("nope"), fault.faultString());
    }
  }

  @Test
  void handlersSeeWhatNginxPassesOn() {
    try (Client client = client("ana")) {
      assertEquals(
          Map.of(
              "binding",
              "scgi",
              "user",
              "ana",
              "uri",
              "/RPC2",
              "remote",
              "127.0.0.1",
              "deadline",
              true),
          client.call("context"));
    }
  }

  @Test
  void wrongCredentialsAreA401ThroughNginx() {
    try (Client client =
        HttpClientSettings.builder()
            .url("http://127.0.0.1:" + port + "/RPC2")
            .basicAuth("ana", "guess")
            .timeout(WAIT)
            .build()
            .client()) {
      RpcException e = assertThrows(RpcException.class, () -> client.call("suma", 1, 2));
      assertTrue(e.getMessage().contains("HTTP 401"), e.getMessage());
    }
  }

  @Test
  void largeCallsPassAndTooLargeOnesAreA413() {
    try (Client client = client("ana")) {
      String mib = "x".repeat(1024 * 1024);
      assertEquals(mib, client.call("echo", mib));
      String tooLarge = "y".repeat(3 * 1024 * 1024);
      RpcException e = assertThrows(RpcException.class, () -> client.call("echo", tooLarge));
      assertTrue(e.getMessage().contains("HTTP 413"), e.getMessage());
    }
  }

  private static void awaitListening(int port) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    for (int attempt = 0; attempt < 400 && System.nanoTime() < deadline; attempt++) {
      try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
        return;
      } catch (IOException notYet) {
        TimeUnit.MILLISECONDS.sleep(50);
      }
    }
    throw new IOException("nginx did not listen on port " + port + " within " + WAIT);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
