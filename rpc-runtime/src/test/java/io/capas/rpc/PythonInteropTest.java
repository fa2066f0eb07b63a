package io.capas.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.testing.process.ChildProcess;
import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.TcpTransport;
import io.capas.xmlrpc.MethodCall;
import io.capas.xmlrpc.MethodResponse;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Interoperability with Python 3's xmlrpc, both ways; python3 must be installed (it is in CI). */
class PythonInteropTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  /** The methods Python's client calls. */
  public static final class Methods {
    @XmlRpcMethod(help = "Adds two ints.")
    public int suma(int a, int b) {
      return a + b;
    }

    @XmlRpcMethod
    public Object echo(Object value) {
      return value;
    }

    @XmlRpcMethod
    public long big() {
      return 1L << 40;
    }

    @XmlRpcMethod
    public Object addtogether(Object... things) {
      Object sum = things[0];
      for (int i = 1; i < things.length; i++) {
        sum = sum instanceof String s ? s + things[i] : (Integer) sum + (Integer) things[i];
      }
      return sum;
    }

    // Called only through the dispatcher by reflection; throwing is the behaviour under test.
    @SuppressWarnings("DoNotCallSuggester")
    @XmlRpcMethod
    public String boom() {
      throw new IllegalStateException("kaboom");
    }

    // Called only through the dispatcher by reflection; the fault is the behaviour under test.
    @SuppressWarnings("DoNotCallSuggester")
    @XmlRpcMethod
    public int teapot() {
      throw new RpcFault(418, "I'm a teapot");
    }
  }

  @Test
  void pythonClientCallsCapasServer() throws Exception {
    try (RpcServer server =
        RpcServer.http(
                new TcpTransport(TcpConfig.defaults(), HostResolver.system()),
                Endpoint.of("127.0.0.1", 0))
            .addObject(new Methods())
            .start()) {
      try (ChildProcess python =
          ChildProcess.start(
              List.of("python3", ChildProcess.script("/interop/python_client.py"), server.url()))) {
        ChildProcess.Result result = python.await(WAIT);
        assertEquals(0, result.exit(), result::toString);
        assertTrue(result.stdout().contains("PASS"), result::toString);
      }
    }
  }

  @Test
  void capasClientCallsPythonServer() throws Exception {
    try (ChildProcess python =
        ChildProcess.start(List.of("python3", ChildProcess.script("/interop/python_server.py")))) {
      int port = Integer.parseInt(python.readLine(WAIT).trim());
      try (Client client =
          HttpClientSettings.builder().endpoint("127.0.0.1", port).timeout(WAIT).build().client()) {
        assertEquals(5, client.call("suma", 2, 3));
        assertEquals("ab", client.call("suma", "a", "b"));
        Map<String, Object> struct = new LinkedHashMap<>();
        struct.put("int", 7);
        struct.put("double", 2.5);
        struct.put("bool", true);
        struct.put("string", "á 日本 <&>");
        struct.put("date", LocalDateTime.of(1998, 7, 17, 14, 8, 55));
        struct.put("list", List.of(1, "two", List.of()));
        struct.put("empty", Map.of());
        assertEquals(struct, client.call("echo", struct));
        assertArrayEquals(
            new byte[] {0, 1, 2, (byte) 255},
            (byte[]) client.call("echo", (Object) new byte[] {0, 1, 2, (byte) 255}));
        assertNull(client.call("echo", (Object) null));
        assertNull(client.call("nothing"));

        RpcFault fault = assertThrows(RpcFault.class, () -> client.call("fail"));
        assertEquals(42, fault.code());
        assertEquals("the answer", fault.faultString());
        RpcFault boom = assertThrows(RpcFault.class, () -> client.call("boom"));
        assertEquals(1, boom.code()); // Python's server answers 1 for every exception
        assertTrue(boom.faultString().contains("python says no"), boom.faultString());

        @SuppressWarnings("unchecked")
        List<Object> methods = (List<Object>) client.call("system.listMethods");
        assertTrue(methods.contains("suma"), methods::toString);
        assertEquals("Returns a + b.", client.call("system.methodHelp", "suma"));
        List<MethodResponse> batch =
            client.multicall(List.of(MethodCall.of("suma", 1, 2), MethodCall.of("fail")));
        assertEquals(MethodResponse.success(3), batch.get(0));
        assertEquals(42, batch.get(1).asFault().orElseThrow().code());

        interface Py {
          int suma(int a, int b);
        }
        assertEquals(9, client.proxy(Py.class).suma(4, 5));
      }
    }
  }
}
