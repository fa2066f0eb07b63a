package io.capas.rpc.servlet;

import io.capas.http.Headers;
import io.capas.rpc.HttpEndpoint;
import io.capas.rpc.RpcServer;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Enumeration;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Serves an {@linkplain RpcServer#embedded embedded} {@link RpcServer} in a Jakarta Servlet 6
 * container, with the limits, gzip, interceptors, authentication and fault mapping of capas's own
 * HTTP server (see {@link HttpEndpoint}): every request, whatever its method, goes to the endpoint,
 * so {@code GET} is 405 with {@code Allow: POST} as there.
 *
 * <p>Two ways to set it up. Programmatically, with a started server that the caller owns (and
 * closes):
 *
 * <pre>{@code
 * RpcServer rpc = RpcServer.embedded().addMethod("suma", Integer.class, Integer.class, Integer::sum).start();
 * context.addServlet("xmlrpc", new XmlRpcServlet(rpc)).addMapping("/RPC2");
 * }</pre>
 *
 * <p>In {@code web.xml}, with the init-parameter {@value #SERVER_PARAM} naming a class with a
 * public no-argument constructor that implements {@code Supplier<RpcServer>} and returns a server
 * made by {@link RpcServer#embedded} and not started: the servlet starts it in {@link #init()} and
 * closes it in {@link #destroy()}.
 *
 * <pre>{@code
 * <servlet>
 *   <servlet-name>xmlrpc</servlet-name>
 *   <servlet-class>io.capas.rpc.servlet.XmlRpcServlet</servlet-class>
 *   <init-param>
 *     <param-name>capas.server</param-name>
 *     <param-value>com.example.CalculatorServer</param-value>
 *   </init-param>
 * </servlet>
 * <servlet-mapping>
 *   <servlet-name>xmlrpc</servlet-name>
 *   <url-pattern>/RPC2</url-pattern>
 * </servlet-mapping>
 * }</pre>
 *
 * <p>The target handed to the endpoint is the path info ({@code /} when there is none, as for an
 * exact mapping such as {@code /RPC2}), with the query; the default paths serve it. Calls run on
 * the container's request thread. Connection limits, timeouts and the request head's size are the
 * container's; the TLS session is not visible through the Servlet API, so handlers see none.
 *
 * <p>Safe for concurrent use once initialized.
 */
public class XmlRpcServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  /** The init-parameter naming the {@code Supplier<RpcServer>} class of a {@code web.xml} setup. */
  public static final String SERVER_PARAM = "capas.server";

  private transient @Nullable RpcServer given;
  private transient @Nullable RpcServer owned;
  private transient @Nullable HttpEndpoint endpoint;

  /** For {@code web.xml}: the server comes from the {@value #SERVER_PARAM} init-parameter. */
  public XmlRpcServlet() {}

  /**
   * Serves {@code server}, made by {@link RpcServer#embedded} and started; the caller closes it.
   *
   * @throws IllegalArgumentException {@code server} is not embedded
   * @throws IllegalStateException {@code server} was not started
   */
  public XmlRpcServlet(RpcServer server) {
    this.endpoint = HttpEndpoint.of(server);
    this.given = server;
  }

  @Override
  public void init(ServletConfig config) throws ServletException {
    super.init(config);
    if (given != null) {
      return;
    }
    String className = config.getInitParameter(SERVER_PARAM);
    if (className == null || className.isBlank()) {
      throw new ServletException(
          "init-parameter " + SERVER_PARAM + " must name a Supplier<RpcServer> class");
    }
    RpcServer server = supplied(className.strip()).start();
    owned = server;
    try {
      endpoint = HttpEndpoint.of(server);
    } catch (RuntimeException e) {
      server.close();
      owned = null;
      throw new ServletException(className + " did not supply an embedded server: " + e, e);
    }
  }

  private RpcServer supplied(String className) throws ServletException {
    Object supplier;
    try {
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      Class<?> type =
          Class.forName(
              className, true, loader != null ? loader : XmlRpcServlet.class.getClassLoader());
      supplier = type.getConstructor().newInstance();
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new ServletException("cannot create " + SERVER_PARAM + " " + className + ": " + e, e);
    }
    if (!(supplier instanceof Supplier<?> s) || !(s.get() instanceof RpcServer server)) {
      throw new ServletException(
          SERVER_PARAM + " " + className + " is not a Supplier<RpcServer> returning a server");
    }
    return server;
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException, ServletException {
    HttpEndpoint serving = endpoint;
    if (serving == null) {
      throw new ServletException("XmlRpcServlet not initialized");
    }
    HttpEndpoint.Response answer =
        serving.serve(
            HttpEndpoint.Request.of(
                    request.getMethod(),
                    target(request),
                    headers(request),
                    request.getInputStream())
                .withAddresses(
                    address(request.getLocalAddr(), request.getLocalPort()),
                    address(request.getRemoteAddr(), request.getRemotePort())));
    response.setStatus(answer.status().code());
    Headers headers = answer.headers();
    for (int i = 0; i < headers.size(); i++) {
      response.addHeader(headers.name(i), headers.value(i));
    }
    response.setContentLength(answer.bodyLength());
    answer.writeBody(response.getOutputStream());
  }

  @Override
  public void destroy() {
    RpcServer server = owned;
    if (server != null) {
      server.close();
    }
    super.destroy();
  }

  /** The path info ({@code /} when none) with the raw query. */
  private static String target(HttpServletRequest request) {
    String path = request.getPathInfo();
    String target = path == null || path.isEmpty() ? "/" : path;
    String query = request.getQueryString();
    return query == null ? target : target + "?" + query;
  }

  private static Headers headers(HttpServletRequest request) {
    Headers.Builder out = Headers.builder();
    Enumeration<String> names = request.getHeaderNames();
    while (names.hasMoreElements()) {
      String name = names.nextElement();
      Enumeration<String> values = request.getHeaders(name);
      while (values.hasMoreElements()) {
        out.add(name, values.nextElement());
      }
    }
    return out.build();
  }

  /** The address of an IP literal as the container reports it; no name lookup. */
  private static @Nullable InetSocketAddress address(@Nullable String ip, int port) {
    if (ip == null || ip.isEmpty() || port < 0 || port > 65535) {
      return null;
    }
    try {
      // A literal: parsed without a lookup, to exactly one address.
      return new InetSocketAddress(InetAddress.getAllByName(stripBrackets(ip))[0], port);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static String stripBrackets(String ip) {
    return ip.startsWith("[") && ip.endsWith("]") ? ip.substring(1, ip.length() - 1) : ip;
  }
}
