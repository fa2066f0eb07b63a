package io.capas.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.testing.process.ChildProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A real peer nobody here wrote: supervisord (Debian's {@code supervisor}) serves XML-RPC on a Unix
 * socket and, configured so, on TCP with basic authentication. The test runs its own supervisord in
 * the foreground ({@code nodaemon}) from a config generated in a temporary directory, with one
 * program ({@code sleep 600}), and stops it by its PID (SIGTERM: supervisord stops the program).
 */
@Timeout(120)
class SupervisordInteropTest {

  private static final String USER = "capas";
  private static final String PASSWORD = "s3cret-pw";
  private static final Duration READY = Duration.ofSeconds(60);

  @TempDir static Path dir;
  private static ChildProcess supervisord;
  private static Path socket;
  private static int port;

  @BeforeAll
  static void startSupervisord() throws Exception {
    socket = dir.resolve("supervisor.sock");
    port = freeLoopbackPort();
    Path config = dir.resolve("supervisord.conf");
    Files.writeString(
        config,
        String.join(
            "\n",
            "[unix_http_server]",
            "file=" + socket,
            "chmod=0700",
            "",
            "[inet_http_server]",
            "port=127.0.0.1:" + port,
            "username=" + USER,
            "password=" + PASSWORD,
            "",
            "[supervisord]",
            "nodaemon=true",
            "logfile=" + dir.resolve("supervisord.log"),
            "pidfile=" + dir.resolve("supervisord.pid"),
            "childlogdir=" + dir,
            "",
            "[rpcinterface:supervisor]",
            "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface",
            "",
            "[program:sleeper]",
            "command=sleep 600",
            "startsecs=0",
            "autorestart=false",
            ""));
    supervisord =
        ChildProcess.start(List.of("/usr/bin/supervisord", "-n", "-c", config.toString()));
    awaitReady();
  }

  @AfterAll
  static void stopSupervisord() throws InterruptedException {
    if (supervisord != null) {
      supervisord.close(); // SIGTERM by PID, SIGKILL only after 10 s
    }
  }

  /** Port 0 picks a free port; closed at once for supervisord to bind (loopback only). */
  private static int freeLoopbackPort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return probe.getLocalPort();
    }
  }

  /** Until the socket answers and the program runs, checking every 50 ms, at most READY. */
  private static void awaitReady() throws Exception {
    long deadline = System.nanoTime() + READY.toNanos();
    RuntimeException last = null;
    while (System.nanoTime() < deadline) {
      if (Files.exists(socket)) {
        try (Client client = client("unix://" + socket)) {
          Map<?, ?> state = (Map<?, ?>) client.call("supervisor.getState");
          List<?> processes = (List<?>) client.call("supervisor.getAllProcessInfo");
          if ("RUNNING".equals(state.get("statename"))
              && processes.size() == 1
              && "RUNNING".equals(((Map<?, ?>) processes.get(0)).get("statename"))) {
            return;
          }
        } catch (RpcException e) {
          last = e;
        }
      }
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }
    throw new AssertionError(
        "supervisord not ready within " + READY + " (log: " + log() + ")", last);
  }

  private static String log() {
    try {
      return Files.readString(dir.resolve("supervisord.log"));
    } catch (IOException e) {
      return "none: " + e;
    }
  }

  private static Client client(String url) {
    return HttpClientSettings.builder().url(url).timeout(Duration.ofSeconds(20)).build().client();
  }

  /** The same calls through each way in: both Unix URL forms, and TCP with basic auth. */
  private static Client way(String name) {
    return switch (name) {
      case "unix" -> client("unix://" + socket);
      case "http+unix" -> client("http+unix://" + socket.toString().replace("/", "%2F") + "/RPC2");
      case "tcp" ->
          HttpClientSettings.builder()
              .url("http://127.0.0.1:" + port + "/RPC2")
              .basicAuth(USER, PASSWORD)
              .timeout(Duration.ofSeconds(20))
              .build()
              .client();
      default -> throw new IllegalArgumentException(name);
    };
  }

  @ParameterizedTest
  @ValueSource(strings = {"unix", "http+unix", "tcp"})
  void getStateSaysRunning(String way) {
    try (Client client = way(way)) {
      Map<?, ?> state = assertInstanceOf(Map.class, client.call("supervisor.getState"));
      assertEquals(1, state.get("statecode"), state.toString());
      assertEquals("RUNNING", state.get("statename"));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"unix", "http+unix", "tcp"})
  void getAllProcessInfoShowsTheSleeper(String way) {
    try (Client client = way(way)) {
      List<?> processes = assertInstanceOf(List.class, client.call("supervisor.getAllProcessInfo"));
      assertEquals(1, processes.size(), processes.toString());
      Map<?, ?> sleeper = (Map<?, ?>) processes.get(0);
      assertEquals("sleeper", sleeper.get("name"));
      assertEquals("RUNNING", sleeper.get("statename"));
      assertTrue((Integer) sleeper.get("pid") > 0, sleeper.toString());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"unix", "http+unix", "tcp"})
  void listMethodsIncludesTheInterfaces(String way) {
    try (Client client = way(way)) {
      List<?> methods = assertInstanceOf(List.class, client.call("system.listMethods"));
      assertTrue(methods.contains("supervisor.getState"), methods.toString());
      assertTrue(methods.contains("system.multicall"), methods.toString());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"unix", "http+unix", "tcp"})
  void multicallAnswersEachCallAndAFaultInPlace(String way) {
    try (Client client = way(way)) {
      List<?> results =
          assertInstanceOf(
              List.class,
              client.call(
                  "system.multicall",
                  List.of(
                      Map.of("methodName", "supervisor.getState", "params", List.of()),
                      Map.of("methodName", "supervisor.getPID", "params", List.of()),
                      Map.of("methodName", "supervisor.noSuchMethod", "params", List.of()))));
      assertEquals(3, results.size(), results.toString());
      // supervisor's multicall (supervisor/xmlrpc.py, SystemNamespaceRPCInterface.multicall)
      // appends each value bare, where the multicall spec wraps it in a one-element array.
      assertEquals("RUNNING", ((Map<?, ?>) results.get(0)).get("statename"));
      assertEquals(supervisord.pid(), ((Integer) results.get(1)).longValue(), results.toString());
      Map<?, ?> fault = assertInstanceOf(Map.class, results.get(2));
      assertEquals(1, fault.get("faultCode"), fault.toString()); // UNKNOWN_METHOD
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"wrong-password", ""})
  void wrongCredentialsOverTcpAreACleanProtocolError(String password) {
    HttpClientSettings.Builder settings =
        HttpClientSettings.builder()
            .url("http://127.0.0.1:" + port + "/RPC2")
            .timeout(Duration.ofSeconds(20));
    if (!password.isEmpty()) {
      settings.basicAuth(USER, password);
    }
    try (Client client = settings.build().client()) {
      RpcException e = assertThrows(RpcException.class, () -> client.call("supervisor.getState"));
      assertEquals(RpcException.Kind.PROTOCOL, e.kind(), e.toString());
      assertTrue(e.getMessage().contains("401"), e.getMessage());
      assertTrue(e.getMessage().contains("supervisor.getState"), e.getMessage());
    }
  }
}
