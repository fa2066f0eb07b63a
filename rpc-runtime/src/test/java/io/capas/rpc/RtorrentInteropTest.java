package io.capas.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.testing.process.ChildProcess;
import io.capas.xmlrpc.Fault;
import io.capas.xmlrpc.MethodCall;
import io.capas.xmlrpc.MethodResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * capas's SCGI client against a real rTorrent (Debian's {@code rtorrent}, installed by {@code
 * .ci/setup.sh}), which offers XML-RPC only over SCGI: a headless rTorrent per test, with a
 * generated {@code rtorrent.rc} in a temp dir (daemon mode, its session there, no BitTorrent
 * listening, no DHT, no torrents), stopped by its pid.
 */
class RtorrentInteropTest {
  private static final Duration READY = Duration.ofSeconds(30);
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;

  @Test
  void callsRtorrentOverScgiOnTcp() throws Exception {
    int port = freePort();
    try (ChildProcess rtorrent = rtorrent("network.scgi.open_port = 127.0.0.1:" + port);
        Client client = ready(ScgiClientSettings.builder().endpoint("127.0.0.1", port))) {
      assertCallsWork(client);
    }
  }

  @Test
  void callsRtorrentOverScgiOnAUnixSocket() throws Exception {
    Path socket = dir.resolve("rpc.socket");
    try (ChildProcess rtorrent = rtorrent("network.scgi.open_local = " + socket);
        Client client = ready(ScgiClientSettings.builder().url("scgi+unix://" + socket))) {
      assertEquals("scgi+unix://" + socket, client.target());
      assertCallsWork(client);
    }
  }

  /** The calls a ruTorrent or Flood front end makes first. */
  private static void assertCallsWork(Client client) {
    assertEquals("0.9.8", client.call("system.client_version"));
    Object methods = client.call("system.listMethods");
    assertInstanceOf(List.class, methods);
    assertTrue(((List<?>) methods).contains("d.multicall2"), "d.multicall2 listed");
    // No torrents: an empty array of rows.
    assertEquals(List.of(), client.call("d.multicall2", "", "main", "d.hash=", "d.name="));
    List<MethodResponse> answers =
        client.multicall(
            List.of(
                new MethodCall("system.client_version", List.of()),
                new MethodCall("system.library_version", List.of()),
                new MethodCall("no.such.method", List.of())));
    assertEquals(MethodResponse.success("0.9.8"), answers.get(0));
    assertInstanceOf(MethodResponse.Success.class, answers.get(1));
    assertInstanceOf(Fault.class, answers.get(2));
    RpcFault fault = assertThrows(RpcFault.class, () -> client.call("no.such.method"));
    assertTrue(fault.faultString().contains("no.such.method"), fault.faultString());
  }

  /** Starts a headless rTorrent whose only SCGI listener is {@code scgiLine}. */
  private ChildProcess rtorrent(String scgiLine) throws IOException {
    Path session = Files.createDirectories(dir.resolve("session"));
    Path rc = dir.resolve("rtorrent.rc");
    Files.writeString(
        rc,
        String.join(
            "\n",
            "system.daemon.set = true",
            "session.path.set = " + session,
            "directory.default.set = " + dir,
            "network.port_open.set = no",
            "dht.mode.set = disable",
            "protocol.pex.set = no",
            "trackers.use_udp.set = no",
            scgiLine,
            ""));
    // -n: no ~/.rtorrent.rc; the generated one is imported instead.
    return ChildProcess.start(List.of("rtorrent", "-n", "-o", "import=" + rc), dir);
  }

  /**
   * A client once rTorrent answers: it opens its SCGI port a moment after it starts, so the first
   * calls may be refused; polled within {@link #READY}.
   */
  private static Client ready(ScgiClientSettings.Builder settings) throws Exception {
    Client client = settings.timeout(WAIT).build().client();
    long deadline = System.nanoTime() + READY.toNanos();
    for (int attempt = 0; ; attempt++) {
      try {
        client.call("system.client_version");
        return client;
      } catch (RpcException e) {
        if (e.kind() != RpcException.Kind.UNAVAILABLE
            || System.nanoTime() > deadline
            || attempt > 600) {
          client.close();
          throw e;
        }
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
