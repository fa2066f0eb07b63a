/**
 * XML-RPC in a Jakarta Servlet 6 container: {@link io.capas.rpc.servlet.XmlRpcServlet} serves an
 * embedded {@link io.capas.rpc.RpcServer}. The HTTP rules are rpc-runtime's ({@link
 * io.capas.rpc.HttpEndpoint}); the connection (sockets, timeouts, TLS) is the container's.
 *
 * <pre>{@code
 * RpcServer rpc = RpcServer.embedded().addMethod("suma", Integer.class, Integer.class, Integer::sum).start();
 * ServletContextHandler context = new ServletContextHandler();   // Jetty 12 ee10, or any container
 * context.addServlet(new ServletHolder(new XmlRpcServlet(rpc)), "/RPC2");
 * }</pre>
 */
@NullMarked
package io.capas.rpc.servlet;

import org.jspecify.annotations.NullMarked;
