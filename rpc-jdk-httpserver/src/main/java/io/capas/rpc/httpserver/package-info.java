/**
 * XML-RPC in the JDK's built-in HTTP server ({@code com.sun.net.httpserver}, module {@code
 * jdk.httpserver}): {@link io.capas.rpc.httpserver.XmlRpcHttpHandler} serves an embedded {@link
 * io.capas.rpc.RpcServer} as one context. The HTTP rules are rpc-runtime's ({@link
 * io.capas.rpc.HttpEndpoint}); the connection (sockets, timeouts, TLS with {@code HttpsServer}) is
 * the JDK server's.
 *
 * <pre>{@code
 * RpcServer rpc = RpcServer.embedded().addMethod("suma", Integer.class, Integer.class, Integer::sum).start();
 * HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 8000), 0);
 * http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
 * http.createContext("/RPC2", XmlRpcHttpHandler.of(rpc));
 * http.start();
 * }</pre>
 */
@NullMarked
package io.capas.rpc.httpserver;

import org.jspecify.annotations.NullMarked;
