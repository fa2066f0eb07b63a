package io.capas.guide;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.capas.rpc.Client;
import io.capas.rpc.RpcFault;
import io.capas.rpc.RpcServer;
import io.capas.transport.HostResolver;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.TcpTransport;
import io.capas.xmlrpc.MethodCall;
import io.capas.xmlrpc.MethodResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/guide/migration.md, Python side by side with capas: Python's client calls capas's server,
 * and capas's client calls Python's server; python3 runs the page's scripts.
 */
class MigrationPythonTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  static RpcServer capasServer(int port) {
    // guide:begin capas-server
    RpcServer server =
        RpcServer.http(new TcpTransport(TcpConfig.defaults(), HostResolver.system()), port)
            .addMethod("add", Integer.class, Integer.class, (a, b) -> a + b)
            .start(); // introspection and multicall are built in
    System.out.println(server.port());
    // guide:end capas-server
    return server;
  }

  static List<String> capasClient(String url) {
    List<String> printed = new ArrayList<>();
    // guide:begin capas-client
    try (Client proxy = Client.connect(url)) {
      printed.add(String.valueOf(proxy.call("add", 2, 3))); // 5
      List<MethodResponse> results =
          proxy.multicall(List.of(MethodCall.of("add", 1, 2), MethodCall.of("add", 3, 4)));
      printed.add(String.valueOf(results)); // [Success[value=3], Success[value=7]]
      try {
        proxy.call("nosuch");
      } catch (RpcFault fault) {
        printed.add("fault " + fault.code());
      }
    }
    // guide:end capas-client
    return printed;
  }

  @Test
  void pythonClientCallsCapasServer(@TempDir Path dir) throws Exception {
    try (RpcServer server = capasServer(0);
        ChildProcess python =
            ChildProcess.start(
                List.of(
                    "python3",
                    ChildProcess.resource("python/client.py", dir).toString(),
                    server.url()))) {
      ChildProcess.Result result = python.await(WAIT);
      assertEquals(0, result.exit(), result::toString);
      assertEquals("5\n[3, 7]\nfault -32601\n", result.stdout(), result::toString);
    }
  }

  @Test
  void capasClientCallsPythonServer(@TempDir Path dir) throws Exception {
    try (ChildProcess python =
        ChildProcess.start(
            List.of("python3", ChildProcess.resource("python/server.py", dir).toString(), "0"))) {
      String port = python.readLine(WAIT);
      assertEquals(
          List.of("5", "[Success[value=3], Success[value=7]]", "fault 1"),
          capasClient("http://127.0.0.1:" + port + "/RPC2"));
    }
  }
}
