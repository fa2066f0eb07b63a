/**
 * OpenTelemetry tracing for capas: {@link io.capas.opentelemetry.ServerTracing} gives every call an
 * {@code RpcServer} answers a server span (a call listener and an interceptor), {@link
 * io.capas.opentelemetry.ClientTracing} every call a {@code Client} makes a client span (an
 * interceptor), and W3C trace context ({@code traceparent}) travels between them in HTTP headers,
 * or SCGI's {@code HTTP_*} variables; the framed and message bindings have no headers. It uses only
 * rpc-runtime's hooks and opentelemetry-api: the application brings the SDK and its exporters.
 *
 * <pre>{@code
 * OpenTelemetry otel = ...; // the SDK, or GlobalOpenTelemetry.get()
 * try (RpcServer server =
 *         ServerTracing.of(otel)
 *             .bindTo(RpcServer.http(transport, Endpoint.of("localhost", 8000)))
 *             .addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b)
 *             .start();
 *     Client client = ClientTracing.of(otel).bindTo(Client.connect(server.url()))) {
 *   client.call("suma", 2, 3); // a client span, and the server's span as its child
 * }
 * }</pre>
 */
@NullMarked
package io.capas.opentelemetry;

import org.jspecify.annotations.NullMarked;
