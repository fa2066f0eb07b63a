/**
 * Micrometer metrics for capas: {@link io.capas.micrometer.ServerMetrics} binds an {@code
 * RpcServer} to a {@code MeterRegistry} through its call and connection listeners (calls and
 * latency per method, faults by code, request and response bytes, open and rejected connections),
 * {@link io.capas.micrometer.ClientMetrics} a {@code Client} through an interceptor, and {@link
 * io.capas.micrometer.PrometheusRoute} serves a Prometheus scrape at {@code /metrics} on the HTTP
 * binding. It uses only rpc-runtime's hooks; the runtime knows nothing of Micrometer.
 *
 * <pre>{@code
 * PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
 * try (RpcServer server =
 *         ServerMetrics.of(registry)
 *             .bindTo(RpcServer.http(transport, Endpoint.of("localhost", 8000),
 *                 PrometheusRoute.addTo(HttpServerSettings.defaults(), registry::scrape)))
 *             .addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b)
 *             .start()) {
 *   server.serve(); // curl http://localhost:8000/metrics
 * }
 * }</pre>
 */
@NullMarked
package io.capas.micrometer;

import org.jspecify.annotations.NullMarked;
