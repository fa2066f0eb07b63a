package io.capas.rpc;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.capas.http.Headers;
import io.capas.http.HttpResponse;
import io.capas.http.HttpStatus;
import io.capas.http.HttpVersion;
import io.capas.http.RequestHead;
import io.capas.http.ResponseHead;

/**
 * Answers {@code GET} on one path of the HTTP binding, beside the XML-RPC endpoint: a Prometheus
 * scrape at {@code /metrics}, or any small read-only page. Added with {@link
 * HttpServerSettings#withExtraGetRoute}.
 *
 * <pre>{@code
 * HttpServerSettings settings = HttpServerSettings.defaults()
 *     .withExtraGetRoute("/metrics", request -> HttpGetRoute.text("text/plain", registry.scrape()));
 * }</pre>
 *
 * <p>The server answers the route's path as it answers the endpoint's: the same limits, timeouts,
 * keep-alive and basic authentication; a method other than {@code GET} there is 405 with {@code
 * Allow: GET}. It adds {@code Server} and {@code Content-Length} (and {@code Connection: close}
 * when the connection closes) to what the route returns. The route runs on the thread that read the
 * request (on a multiplexing server, a selector loop): it must be quick and must not block. What it
 * throws is answered 500 and logged as one WARNING line. Must be safe for concurrent use.
 */
@FunctionalInterface
public interface HttpGetRoute {

  /**
   * The response to {@code request}, a {@code GET} on this route's path (its target may carry a
   * query).
   */
  HttpResponse answer(RequestHead request) throws Exception;

  /** A {@code 200 OK} response with {@code body} in UTF-8 as {@code contentType}. */
  static HttpResponse text(String contentType, String body) {
    return new HttpResponse(
        new ResponseHead(
            HttpVersion.HTTP_1_1, HttpStatus.OK, Headers.of("Content-Type", contentType)),
        body.getBytes(UTF_8));
  }
}
