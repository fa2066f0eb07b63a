package io.capas.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.TcpTransport;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.client.XmlRpcClient;
import org.apache.xmlrpc.client.XmlRpcClientConfigImpl;
import org.apache.xmlrpc.server.PropertyHandlerMapping;
import org.apache.xmlrpc.webserver.WebServer;
import org.junit.jupiter.api.Test;

/** Interoperability with Apache XML-RPC 3.1.3 (test scope only), both ways. */
class ApacheInteropTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  /** Apache instantiates handler classes itself: public, no-arg constructor. */
  public static class ApacheCalc {
    public int suma(int a, int b) {
      return a + b;
    }

    public Object echo(Object value) {
      return value;
    }

    public Date echoDate(Date value) {
      return value;
    }

    public byte[] echoBytes(byte[] value) {
      return value;
    }

    @SuppressWarnings("rawtypes") // Apache matches handler methods by raw parameter class
    public Map echoStruct(Map value) {
      return value;
    }

    public int fail() throws XmlRpcException {
      throw new XmlRpcException(42, "the answer");
    }
  }

  @Test
  void capasClientCallsApacheServer() throws Exception {
    WebServer web = new WebServer(0, InetAddress.getLoopbackAddress());
    PropertyHandlerMapping mapping = new PropertyHandlerMapping();
    mapping.addHandler("calc", ApacheCalc.class);
    web.getXmlRpcServer().setHandlerMapping(mapping);
    web.start();
    try (Client client =
        HttpClientSettings.builder()
            .endpoint("127.0.0.1", web.getPort())
            .timeout(WAIT)
            .build()
            .client()) {
      assertEquals(5, client.call("calc.suma", 2, 3));
      Map<String, Object> struct = new HashMap<>();
      struct.put("int", 7);
      struct.put("double", 2.5);
      struct.put("bool", true);
      struct.put("string", "á 日本 <&>");
      struct.put("list", List.of(1, "two"));
      assertEquals(struct, client.call("calc.echoStruct", struct));
      assertEquals(
          LocalDateTime.of(1998, 7, 17, 14, 8, 55),
          client.call("calc.echoDate", LocalDateTime.of(1998, 7, 17, 14, 8, 55)));
      assertArrayEquals(
          new byte[] {0, 1, 2},
          (byte[]) client.call("calc.echoBytes", (Object) new byte[] {0, 1, 2}));
      RpcFault fault = assertThrows(RpcFault.class, () -> client.call("calc.fail"));
      assertEquals(42, fault.code());
      assertEquals("the answer", fault.faultString());
      // Several calls on kept-alive connections.
      for (int i = 0; i < 20; i++) {
        assertEquals(i + 1, client.call("calc.suma", i, 1));
      }
    } finally {
      web.shutdown();
    }
  }

  @Test
  void apacheClientCallsCapasServer() throws Exception {
    try (RpcServer server =
        RpcServer.http(
                new TcpTransport(TcpConfig.defaults(), HostResolver.system()),
                Endpoint.of("127.0.0.1", 0))
            .addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b)
            .addMethod("echo", Object.class, x -> x)
            .start()) {
      XmlRpcClientConfigImpl config = new XmlRpcClientConfigImpl();
      config.setServerURL(URI.create(server.url()).toURL());
      config.setConnectionTimeout((int) WAIT.toMillis());
      config.setReplyTimeout((int) WAIT.toMillis());
      XmlRpcClient apache = new XmlRpcClient();
      apache.setConfig(config);
      assertEquals(5, apache.execute("suma", new Object[] {2, 3}));
      Map<String, Object> struct = new HashMap<>();
      struct.put("a", "b");
      struct.put("n", 1.5);
      assertEquals(struct, apache.execute("echo", new Object[] {struct}));
      Object[] array =
          (Object[]) apache.execute("echo", new Object[] {new Object[] {1, "x", true}});
      assertArrayEquals(new Object[] {1, "x", true}, array);
      XmlRpcException unknown =
          assertThrows(XmlRpcException.class, () -> apache.execute("nope", new Object[0]));
      assertEquals(-32601, unknown.code);
      XmlRpcException wrong =
          assertThrows(XmlRpcException.class, () -> apache.execute("suma", new Object[] {1}));
      assertEquals(-32602, wrong.code);
      assertTrue(wrong.getMessage().contains("expected 2"), wrong.getMessage());
      @SuppressWarnings("unchecked")
      Object[] methods = (Object[]) apache.execute("system.listMethods", new Object[0]);
      assertTrue(List.of(methods).contains("suma"));
    }
  }
}
