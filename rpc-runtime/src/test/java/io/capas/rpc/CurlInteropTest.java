package io.capas.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.testing.process.ChildProcess;
import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.TcpTransport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** curl (the Debian package) as a raw HTTP peer for the HTTP rules of the server. */
class CurlInteropTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private RpcServer server;
  private Path body;

  @BeforeEach
  void start() throws Exception {
    server =
        RpcServer.http(
                new TcpTransport(TcpConfig.defaults(), HostResolver.system()),
                Endpoint.of("127.0.0.1", 0))
            .addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b)
            .addMethod("big", p -> "x".repeat(20_000))
            .start();
    body = Files.createTempFile("capas-call", ".xml");
    Files.writeString(body, RawHttp.call("suma", "2", "3"));
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    Files.deleteIfExists(body);
  }

  private ChildProcess.Result curl(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "20"));
    command.addAll(List.of(args));
    try (ChildProcess curl = ChildProcess.start(command)) {
      return curl.await(WAIT);
    }
  }

  @Test
  void getIs405WithAllowPost() throws Exception {
    ChildProcess.Result r = curl("-i", server.url());
    assertEquals(0, r.exit(), r::toString);
    assertTrue(r.stdout().startsWith("HTTP/1.1 405"), r::toString);
    assertTrue(r.stdout().contains("Allow: POST"), r::toString);
  }

  @Test
  void postAnswersAndKeepsTheConnectionAlive() throws Exception {
    ChildProcess.Result r =
        curl(
            "-v",
            "-H",
            "Content-Type: text/xml",
            "--data-binary",
            "@" + body,
            server.url(),
            "--next",
            "-H",
            "Content-Type: text/xml",
            "--data-binary",
            "@" + body,
            server.url());
    assertEquals(0, r.exit(), r::toString);
    assertEquals(2, r.stdout().split("<int>5</int>", -1).length - 1, r::toString);
    assertTrue(
        r.stderr().contains("Re-using existing connection")
            || r.stderr().contains("Reusing existing connection"),
        r::toString);
  }

  @Test
  void unknownPathIs404() throws Exception {
    String other = server.url().replace("/RPC2", "/other");
    ChildProcess.Result r = curl("-i", "--data-binary", "@" + body, other);
    assertTrue(r.stdout().startsWith("HTTP/1.1 404"), r::toString);
  }

  @Test
  void largeResponsesAreGzippedWhenAccepted() throws Exception {
    Files.writeString(body, RawHttp.call("big"));
    ChildProcess.Result r =
        curl("--compressed", "-D", "-", "--data-binary", "@" + body, server.url());
    assertEquals(0, r.exit(), r::toString);
    assertTrue(r.stdout().contains("Content-Encoding: gzip"), r::toString);
    assertTrue(r.stdout().contains("x".repeat(20_000)), "decoded body");
  }

  @Test
  void http10ClosesAfterTheResponse() throws Exception {
    ChildProcess.Result r = curl("-0", "-i", "--data-binary", "@" + body, server.url());
    assertEquals(0, r.exit(), r::toString);
    assertTrue(r.stdout().contains("Connection: close"), r::toString);
    assertTrue(r.stdout().contains("<int>5</int>"), r::toString);
  }
}
