package io.capas.rpc.httpserver;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsExchange;
import io.capas.http.Headers;
import io.capas.rpc.HttpEndpoint;
import io.capas.rpc.RpcServer;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * Serves an {@linkplain RpcServer#embedded embedded} {@link RpcServer} as a context of the JDK's
 * {@link com.sun.net.httpserver.HttpServer}, with the limits, gzip, interceptors, authentication
 * and fault mapping of capas's own HTTP server (see {@link HttpEndpoint}).
 *
 * <pre>{@code
 * RpcServer rpc = RpcServer.embedded().addMethod("suma", Integer.class, Integer.class, Integer::sum).start();
 * HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 8000), 0);
 * http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
 * http.createContext("/RPC2", XmlRpcHttpHandler.of(rpc));
 * http.start();
 * }</pre>
 *
 * <p>The target handed to the endpoint is the request path relative to the context ({@code /} for
 * the context's own path), with its query. Calls run on the thread the {@code HttpServer} runs the
 * exchange on: without an executor that is its one dispatcher thread, so give it one (virtual
 * threads, or a pool). Connection limits, timeouts and the request head's size are the {@code
 * HttpServer}'s ({@code sun.net.httpserver.*} system properties). Over {@code HttpsServer},
 * handlers see the TLS session in their {@code CallContext}. Each exchange is closed when answered;
 * a body that cannot be read (the client went away) closes it unanswered.
 *
 * <p>Immutable and thread-safe.
 */
public final class XmlRpcHttpHandler implements HttpHandler {
  private final HttpEndpoint endpoint;

  private XmlRpcHttpHandler(HttpEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  /**
   * A handler serving {@code server}, made by {@link RpcServer#embedded} and started.
   *
   * @throws IllegalArgumentException {@code server} is not embedded
   * @throws IllegalStateException {@code server} was not started
   */
  public static XmlRpcHttpHandler of(RpcServer server) {
    return new XmlRpcHttpHandler(HttpEndpoint.of(server));
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      HttpEndpoint.Request request =
          HttpEndpoint.Request.of(
                  exchange.getRequestMethod(),
                  target(exchange),
                  headers(exchange.getRequestHeaders()),
                  exchange.getRequestBody())
              .withAddresses(exchange.getLocalAddress(), exchange.getRemoteAddress())
              .withTls(exchange instanceof HttpsExchange https ? https.getSSLSession() : null);
      HttpEndpoint.Response response = endpoint.serve(request);
      com.sun.net.httpserver.Headers out = exchange.getResponseHeaders();
      Headers headers = response.headers();
      for (int i = 0; i < headers.size(); i++) {
        out.add(headers.name(i), headers.value(i));
      }
      int length = response.bodyLength();
      // sendResponseHeaders: -1 is "no body", 0 would be chunked.
      exchange.sendResponseHeaders(response.status().code(), length == 0 ? -1 : length);
      if (length > 0) {
        // Closing the body stream flushes the answer before the exchange drains what is left of
        // the request (a refused body): the client reads the 413 while the server drains.
        try (OutputStream body = exchange.getResponseBody()) {
          response.writeBody(body);
        }
      }
    }
  }

  /** The raw path relative to the context, with the raw query: {@code /} for the context itself. */
  static String target(HttpExchange exchange) {
    String path = exchange.getRequestURI().getRawPath();
    String context = exchange.getHttpContext().getPath();
    String relative = path.startsWith(context) ? path.substring(context.length()) : path;
    if (relative.isEmpty() || (context.endsWith("/") && !relative.startsWith("/"))) {
      relative = "/" + relative;
    }
    String query = exchange.getRequestURI().getRawQuery();
    return query == null ? relative : relative + "?" + query;
  }

  private static Headers headers(com.sun.net.httpserver.Headers in) {
    Headers.Builder out = Headers.builder();
    for (Map.Entry<String, List<String>> header : in.entrySet()) {
      for (String value : header.getValue()) {
        out.add(header.getKey(), value);
      }
    }
    return out.build();
  }
}
