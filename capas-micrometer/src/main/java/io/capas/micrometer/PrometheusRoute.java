package io.capas.micrometer;

import io.capas.rpc.HttpGetRoute;
import io.capas.rpc.HttpServerSettings;
import java.util.function.Supplier;

/**
 * Serves a Prometheus scrape on the XML-RPC server's own port, as an {@linkplain HttpGetRoute extra
 * GET route} of the HTTP binding; the text comes from whoever has it, usually Micrometer's
 * Prometheus registry ({@code micrometer-registry-prometheus}, which this module does not need):
 *
 * <pre>{@code
 * PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
 * HttpServerSettings settings = PrometheusRoute.addTo(HttpServerSettings.defaults(), registry::scrape);
 * RpcServer server = ServerMetrics.of(registry).bindTo(RpcServer.http(transport, local, settings));
 * // GET http://host:port/metrics
 * }</pre>
 *
 * <p>The scrape runs on the thread that read the request, as every extra route does: a registry of
 * a few hundred meters writes its text in well under a millisecond. Basic authentication, when the
 * server asks for it, applies to the scrape too (Prometheus sends it with {@code basic_auth}).
 */
public final class PrometheusRoute {
  /** Where {@link #addTo} serves the scrape. */
  public static final String PATH = "/metrics";

  /** The Prometheus text exposition format, version 0.0.4. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private PrometheusRoute() {}

  /** A route answering {@code GET} with {@code scrape}'s text as {@value #CONTENT_TYPE}. */
  public static HttpGetRoute of(Supplier<String> scrape) {
    return request -> HttpGetRoute.text(CONTENT_TYPE, scrape.get());
  }

  /** {@code settings} with {@link #of(Supplier) the scrape} at {@value #PATH}. */
  public static HttpServerSettings addTo(HttpServerSettings settings, Supplier<String> scrape) {
    return settings.withExtraGetRoute(PATH, of(scrape));
  }
}
