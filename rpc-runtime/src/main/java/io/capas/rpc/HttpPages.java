package io.capas.rpc;

import io.capas.http.Headers;
import io.capas.http.HttpResponse;
import io.capas.http.HttpStatus;
import io.capas.http.HttpVersion;
import io.capas.http.RequestHead;
import io.capas.http.ResponseHead;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * What the HTTP binding answers to {@code GET}, beside XML-RPC's {@code POST}: the health check
 * ({@link HttpServerSettings#healthPath()}) and, on an endpoint path, the {@link MethodPage} with
 * its script and style sheet ({@link HttpServerSettings#methodPage()}). Both are off by default.
 *
 * <pre>
 *   GET /health          200 ok, or 503 draining once a graceful shutdown has started
 *                        (HEAD as GET, without the body)
 *   GET /RPC2            the method page (text/html)
 *   GET /RPC2?script     its script;  GET /RPC2?style  its style sheet
 * </pre>
 *
 * <p>Immutable and thread-safe; one per running server.
 */
final class HttpPages {
  private static final byte[] OK = "ok\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DRAINING = "draining\n".getBytes(StandardCharsets.US_ASCII);

  private final String healthPath;
  private final @Nullable MethodPage page;
  private final BooleanSupplier draining;
  private final List<String> allow;

  /**
   * @param page the method page, or null when it is off
   * @param draining whether a graceful shutdown has started
   */
  HttpPages(String healthPath, @Nullable MethodPage page, BooleanSupplier draining) {
    this.healthPath = healthPath;
    this.page = page;
    this.draining = draining;
    this.allow = page == null ? List.of("POST") : List.of("GET", "HEAD", "POST");
  }

  /** Whether a graceful shutdown has started: health answers 503, responses close. */
  boolean draining() {
    return draining.getAsBoolean();
  }

  /** The methods an endpoint path allows, for a 405's {@code Allow}. */
  List<String> allow() {
    return allow;
  }

  /** Whether {@code head} asks for the health check (answered without credentials). */
  boolean isHealth(RequestHead head) {
    return !healthPath.isEmpty() && readOnly(head) && path(head.target()).equals(healthPath);
  }

  /**
   * Whether this class answers {@code head}; {@code endpoint} says whether its target is an XML-RPC
   * endpoint path.
   */
  boolean serves(RequestHead head, boolean endpoint) {
    return isHealth(head) || (page != null && endpoint && readOnly(head));
  }

  /** {@code GET}, or {@code HEAD} (answered with the same head and no body). */
  private static boolean readOnly(RequestHead head) {
    return head.method().equals("GET") || head.method().equals("HEAD");
  }

  /**
   * The response to {@code head}, which {@link #serves} said this class answers: without {@code
   * Server} or {@code Connection} headers, which the session adds.
   */
  HttpResponse answer(RequestHead head) {
    if (isHealth(head)) {
      boolean drain = draining();
      return response(
          drain ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.OK,
          Headers.builder()
              .add("Content-Type", "text/plain; charset=utf-8")
              .add("Cache-Control", "no-store"),
          drain ? DRAINING : OK);
    }
    MethodPage methods = page;
    if (methods == null) {
      throw new IllegalStateException("the method page is off: " + head.target());
    }
    String query = query(head.target());
    Headers.Builder headers =
        Headers.builder()
            .add("Content-Security-Policy", MethodPage.CONTENT_SECURITY_POLICY)
            .add("X-Content-Type-Options", "nosniff")
            .add("Referrer-Policy", "no-referrer")
            .add("Cache-Control", "no-cache");
    if (query.equals(MethodPage.SCRIPT_QUERY)) {
      headers.add("Content-Type", "text/javascript; charset=utf-8");
      return response(HttpStatus.OK, headers, MethodPage.scriptShared());
    }
    if (query.equals(MethodPage.STYLE_QUERY)) {
      headers.add("Content-Type", "text/css; charset=utf-8");
      return response(HttpStatus.OK, headers, MethodPage.styleShared());
    }
    headers.add("Content-Type", "text/html; charset=utf-8");
    return response(HttpStatus.OK, headers, methods.htmlShared());
  }

  private static HttpResponse response(HttpStatus status, Headers.Builder headers, byte[] body) {
    return new HttpResponse(new ResponseHead(HttpVersion.HTTP_1_1, status, headers.build()), body);
  }

  /** The path of an origin-form or absolute-form target (RFC 9112 §3.2), without its query. */
  static String path(String target) {
    String path = target;
    int schemeEnd = path.indexOf("://");
    if (schemeEnd > 0 && !path.startsWith("/")) {
      int slash = path.indexOf('/', schemeEnd + 3);
      path = slash < 0 ? "/" : path.substring(slash);
    }
    int query = path.indexOf('?');
    return query < 0 ? path : path.substring(0, query);
  }

  /** The query of a target, empty if none. */
  static String query(String target) {
    int query = target.indexOf('?');
    return query < 0 ? "" : target.substring(query + 1);
  }
}
