package io.capas.guide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import io.capas.guide.migration.capas.Calculator;
import io.capas.rpc.Client;
import io.capas.rpc.RpcFault;
import io.capas.rpc.RpcServer;
import io.capas.rpc.httpserver.XmlRpcHttpHandler;
import io.capas.rpc.servlet.XmlRpcServlet;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.w3c.dom.Document;

/**
 * docs/guide/migration.md, staying in a container: capas's XmlRpcServlet in a real Jetty 12 (ee10)
 * set up in code and from the page's web.xml, and XmlRpcHttpHandler in the JDK's HttpServer, each
 * called by capas's client.
 */
@Timeout(60)
class MigrationServletTest {

  private static void callsTheCalculator(String url) throws Exception {
    try (Client client = Client.connect(url)) {
      assertEquals(5, client.call("Calculator.add", 2, 3));
      RpcFault fault =
          assertThrows(RpcFault.class, () -> client.call("Calculator.divide", 1.0, 0.0));
      assertEquals(1, fault.code());
    }
  }

  private static Server jetty() {
    Server jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    jetty.addConnector(connector);
    return jetty;
  }

  private static String url(Server jetty) {
    return "http://127.0.0.1:"
        + ((ServerConnector) jetty.getConnectors()[0]).getLocalPort()
        + "/xmlrpc";
  }

  @Test
  void servletRegisteredInCode() throws Exception {
    Server jetty = jetty();
    // guide:begin jetty
    RpcServer rpc = RpcServer.embedded().addObject("Calculator", new Calculator()).start();
    ServletContextHandler context = new ServletContextHandler(); // Jetty 12, ee10 (Servlet 6)
    context.addServlet(new ServletHolder(new XmlRpcServlet(rpc)), "/xmlrpc");
    jetty.setHandler(context);
    jetty.start(); // rpc.close() after jetty.stop(): the servlet does not own it
    // guide:end jetty
    try {
      callsTheCalculator(url(jetty));
    } finally {
      jetty.stop();
      rpc.close();
    }
  }

  @Test
  void servletFromTheWebXml() throws Exception {
    Document webXml;
    try (InputStream in = MigrationServletTest.class.getResourceAsStream("/guide/capas/web.xml")) {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      webXml = factory.newDocumentBuilder().parse(in);
    }
    String servletClass =
        webXml.getElementsByTagName("servlet-class").item(0).getTextContent().strip();
    String paramName = webXml.getElementsByTagName("param-name").item(0).getTextContent().strip();
    String paramValue = webXml.getElementsByTagName("param-value").item(0).getTextContent().strip();
    String pattern = webXml.getElementsByTagName("url-pattern").item(0).getTextContent().strip();
    assertEquals(XmlRpcServlet.SERVER_PARAM, paramName);
    // What a container does with the web.xml: the servlet by class name, with its init-param.
    Server jetty = jetty();
    ServletContextHandler context = new ServletContextHandler();
    ServletHolder holder = new ServletHolder();
    holder.setClassName(servletClass);
    holder.setInitParameter(paramName, paramValue);
    holder.setInitOrder(0);
    context.addServlet(holder, pattern);
    jetty.setHandler(context);
    jetty.start();
    try {
      callsTheCalculator(url(jetty));
    } finally {
      jetty.stop(); // destroy() closes the supplied server
    }
  }

  @Test
  void handlerInTheJdkHttpServer() throws Exception {
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      // guide:begin jdk-httpserver
      RpcServer rpc = RpcServer.embedded().addObject("Calculator", new Calculator()).start();
      HttpServer http =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      http.setExecutor(threads); // e.g. virtual threads: calls run on the exchange's thread
      http.createContext("/xmlrpc", XmlRpcHttpHandler.of(rpc));
      http.start();
      // guide:end jdk-httpserver
      try {
        callsTheCalculator("http://127.0.0.1:" + http.getAddress().getPort() + "/xmlrpc");
      } finally {
        http.stop(0);
        rpc.close();
      }
    }
  }
}
