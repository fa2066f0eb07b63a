package io.capas.guide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.guide.migration.apache.ApacheClient;
import io.capas.guide.migration.apache.CalculatorServlet;
import io.capas.guide.migration.capas.Calculator;
import io.capas.rpc.Client;
import io.capas.rpc.HttpClientSettings;
import io.capas.rpc.HttpServerSettings;
import io.capas.rpc.RpcFault;
import io.capas.rpc.RpcServer;
import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.TcpTransport;
import java.io.InputStream;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Set;
import javax.servlet.http.HttpServlet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.webserver.ServletWebServer;
import org.apache.xmlrpc.webserver.XmlRpcServlet;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * docs/guide/migration.md, Apache side by side with capas: Apache's servlet (run by its own {@code
 * ServletWebServer}, no container needed) and capas's server each answer both Apache's client and
 * capas's client, with the same results.
 */
class MigrationApacheTest {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  /** The capas server of the page, on a free port instead of 8080. */
  static RpcServer capasServer(int port) {
    // guide:begin capas-server
    RpcServer server =
        RpcServer.http(
                new TcpTransport(TcpConfig.defaults(), HostResolver.system()),
                Endpoint.of("localhost", port),
                HttpServerSettings.defaults().withPaths(Set.of("/xmlrpc")))
            .addObject("Calculator", new Calculator())
            .start(); // serves http://localhost:8080/xmlrpc
    // guide:end capas-server
    return server;
  }

  static Object capasClient(String url) {
    // guide:begin capas-client
    try (Client client =
        HttpClientSettings.builder()
            .url(url) // e.g. http://localhost:8080/xmlrpc
            .connectTimeout(Duration.ofSeconds(2))
            .timeout(Duration.ofSeconds(10))
            .build()
            .client()) {
      Object five = client.call("Calculator.add", 2, 3);
      // guide:end capas-client
      RpcFault fault =
          assertThrows(RpcFault.class, () -> client.call("Calculator.divide", 1.0, 0.0));
      assertEquals(1, fault.code());
      return five;
    }
  }

  @Test
  void apacheServletAnswersBothClients() throws Exception {
    assertBothClientsAdd(new CalculatorServlet());
  }

  @Test
  void apacheStockServletWithItsPropertiesFileAnswersBothClients() throws Exception {
    assertBothClientsAdd(new XmlRpcServlet());
  }

  private static void assertBothClientsAdd(HttpServlet servlet) throws Exception {
    ServletWebServer apache = new ServletWebServer(servlet, 0, LOOPBACK);
    apache.start();
    try {
      String url = "http://127.0.0.1:" + apache.getPort() + "/xmlrpc";
      assertEquals(5, ApacheClient.add(url));
      assertEquals(5, capasClient(url));
    } finally {
      apache.shutdown();
    }
  }

  @Test
  void capasServerAnswersBothClients() throws Exception {
    try (RpcServer server = capasServer(0)) {
      assertEquals("http://localhost:" + server.port() + "/xmlrpc", server.url());
      assertEquals(5, ApacheClient.add(server.url()));
      assertEquals(5, capasClient(server.url()));
      XmlRpcException fault =
          assertThrows(XmlRpcException.class, () -> ApacheClient.divide(server.url(), 1.0, 0.0));
      assertEquals(1, fault.code);
    }
  }

  @Test
  void webXmlNamesTheServletOfThePage() throws Exception {
    Document document;
    try (InputStream in = MigrationApacheTest.class.getResourceAsStream("/guide/apache/web.xml")) {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      document = factory.newDocumentBuilder().parse(in);
    }
    String servletClass =
        document.getElementsByTagName("servlet-class").item(0).getTextContent().strip();
    assertTrue(
        HttpServlet.class.isAssignableFrom(Class.forName(servletClass)),
        servletClass + " is not a servlet");
    assertEquals(CalculatorServlet.class.getName(), servletClass);
  }
}
