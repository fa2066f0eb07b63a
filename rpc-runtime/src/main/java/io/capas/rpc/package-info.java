/**
 * The XML-RPC runtime: a server that exposes Java methods and a client that calls them, over any
 * transport. These are its only public types; everything else is package-private.
 *
 * <p><b>Server.</b> {@link io.capas.rpc.RpcServer} with one factory per binding: {@code
 * RpcServer.http(transport, local[, HttpServerSettings])}, {@code framed(transport, local[,
 * FramedServerSettings])}, {@code messages(messageTransport, local)}. Methods are {@link
 * io.capas.rpc.RpcHandler}s (plain or typed lambdas, varargs), {@link
 * io.capas.rpc.RpcContextHandler}s (that also take the call's {@link io.capas.rpc.CallContext}), or
 * {@link io.capas.rpc.XmlRpcMethod}-annotated methods of an object; {@code system.*} introspection
 * and {@code system.multicall} come built in. {@link io.capas.rpc.ServerInterceptor}s see every
 * call before dispatch and its outcome after. {@code RpcServer.embedded([HttpServerSettings])}
 * binds nothing: another HTTP server (a servlet container, the JDK's {@code HttpServer}) hands each
 * request to its {@link io.capas.rpc.HttpEndpoint}, which applies the HTTP binding's rules and
 * limits.
 *
 * <p><b>Client.</b> {@link io.capas.rpc.Client} with one settings record (and builder) per binding,
 * each with every timeout configurable: {@link io.capas.rpc.HttpClientSettings}, {@link
 * io.capas.rpc.FramedClientSettings} (pooled or pipelined), {@link
 * io.capas.rpc.MessageClientSettings}; {@code Client.connect(host, port)} is the HTTP default. A
 * client offers plain, typed, asynchronous and multicall calls and proxies over Java interfaces;
 * {@link io.capas.rpc.ClientInterceptor}s see each {@link io.capas.rpc.ClientCall} (headers,
 * timeout, parameters). Every client dials through a {@link io.capas.transport.Dialer} (a {@code
 * Transport} is one), so swapping the transport swaps both sides. {@link io.capas.rpc.Invoker} is
 * the seam between a client and its binding, for tests.
 *
 * <p><b>Failures.</b> {@link io.capas.rpc.RpcException} with a {@link
 * io.capas.rpc.RpcException.Kind}; its one subclass {@link io.capas.rpc.RpcFault} is a fault, both
 * the one a handler throws and the one a caller catches.
 *
 * <p><b>Typed values.</b> Handlers, proxies and {@code client.call(Type.class, ...)} (or a Guava
 * {@code TypeToken} for generic results) use domain types; a {@link io.capas.rpc.TypeMapping}
 * ({@code RpcServer.typeMapping}, {@code Client.withTypeMapping}) converts them, each type resolved
 * once and cached, {@link io.capas.rpc.TypeAdapter}s first:
 *
 * <pre>
 *   Java                                         XML-RPC
 *   int, Integer, short, byte                    int (range-checked when read)
 *   long, Long                                   i8 (int when it fits, as a setting)
 *   float, double                                double (an int is read too)
 *   boolean; String, char                        boolean; string
 *   BigDecimal, BigInteger                       string, or Apache's ex:bigdecimal / ex:biginteger
 *                                                when enabled (both always read)
 *   byte[], ByteBuffer                           base64
 *   LocalDateTime                                dateTime.iso8601, wall-clock fields
 *   Instant, OffsetDateTime, ZonedDateTime       dateTime.iso8601 in UTC with a Z (default), or
 *                                                zone-less in a chosen zone; a received Z or
 *                                                offset is exact under either policy
 *   LocalDate                                    dateTime.iso8601 at midnight; read from a date
 *                                                alone or a midnight, another time refused
 *   enum                                         string: the name or its {@link io.capas.rpc.XmlRpcName}
 *   record; JavaBean (opted in per class)        struct of components / properties
 *                                                ({@link io.capas.rpc.XmlRpcName}, {@link io.capas.rpc.XmlRpcDefault})
 *   Optional&lt;T&gt;                                  T, or nil / an absent member
 *   List, Set, Collection, T[], int[]...         array, element type from the generic signature
 *   Map&lt;String, T&gt;                               struct with typed values
 *   Object                                       the plain mapping
 * </pre>
 *
 * <p>A value that does not fit is fault -32602 naming its path ({@code params[0].points[3].x:
 * expected int, got string "7a"}) on a server, a {@link io.capas.rpc.ValueConversionException} (the
 * cause of an {@code RpcException}) on a client.
 *
 * <p><b>Documents.</b> {@link io.capas.rpc.RpcCodec} ({@code RpcCodec.xmlRpc()} by default); {@link
 * io.capas.rpc.Tracer} sees the raw bytes of HTTP exchanges. Dagger users find the modules in
 * {@code io.capas.rpc.inject}. HTTP is http-codec's ({@code io.capas.http}); this package adds only
 * the XML-RPC endpoint's rules (paths, 405, 411, basic authentication, timeouts, compression).
 *
 * <pre>{@code
 * interface Calculator { int suma(int a, int b); }
 *
 * try (RpcServer server = RpcServer.http(transport, 0)
 *         .addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b)
 *         .start();
 *     Client client = Client.connect("localhost", server.port())) {
 *   int five = client.proxy(Calculator.class).suma(2, 3);
 * }
 * }</pre>
 */
@NullMarked
package io.capas.rpc;

import org.jspecify.annotations.NullMarked;
