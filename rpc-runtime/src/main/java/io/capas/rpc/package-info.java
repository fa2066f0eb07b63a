/**
 * The XML-RPC runtime: a server that exposes Java methods and a client that calls them, over any
 * transport.
 *
 * <p>Server: a {@link io.capas.rpc.RpcServer} holds a {@link io.capas.rpc.MethodRegistry} (explicit
 * registrations: typed lambdas, varargs, {@link io.capas.rpc.XmlRpcMethod}-annotated objects), a
 * {@link io.capas.rpc.Dispatcher} (parameter conversion, fault mapping, {@code system.*}
 * introspection and multicall) and a {@link io.capas.rpc.ServerBinding}: XML-RPC over HTTP ({@link
 * io.capas.rpc.HttpServerBinding}), over length-prefixed frames ({@link
 * io.capas.rpc.FramedServerBinding}) or as messages of a {@link
 * io.capas.transport.MessageTransport} ({@link io.capas.rpc.MessageServerBinding}). Client: a
 * {@link io.capas.rpc.Client} over an {@link io.capas.rpc.Invoker} (one per binding) offers plain,
 * asynchronous and multicall calls and proxies over Java interfaces. Failures are {@link
 * io.capas.rpc.RpcFaultException} (a fault) and {@link io.capas.rpc.RpcException} (with a kind).
 * Which transport runs is the Dagger component's choice: this package programs against
 * transport-api only; {@link io.capas.rpc.XmlRpcHttpModule}, {@link
 * io.capas.rpc.XmlRpcFramedModule} and {@link io.capas.rpc.XmlRpcMessageModule} bind the bindings.
 * HTTP is http-codec's ({@code io.capas.http}): the server session decodes with its {@code
 * RequestDecoder}, the client reads with its {@code HttpResponseReader}, both write with its {@code
 * HttpWriter}; this package adds only the XML-RPC endpoint's rules (paths, 405, 411, basic
 * authentication, timeouts, compression choice).
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
