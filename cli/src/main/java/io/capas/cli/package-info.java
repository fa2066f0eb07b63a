/**
 * The {@code capas} command ({@link io.capas.cli.Main}: picocli subcommands {@code serve}, {@code
 * call}, {@code demo}, {@code hftp}, {@code completion}; JSON through Jackson's streaming core) and
 * the Dagger components that assemble the stack: XML-RPC over HTTP over TCP ({@link
 * io.capas.cli.XmlRpcHttpTcpComponent}), over length-prefixed frames over TCP ({@link
 * io.capas.cli.XmlRpcFramedTcpComponent}), and over reliable UDP ({@link
 * io.capas.cli.XmlRpcUdpComponent}).
 *
 * <pre>{@code
 * XmlRpcHttpTcpComponent stack =
 *     DaggerXmlRpcHttpTcpComponent.factory().create(TcpConfig.defaults());
 * try (RpcServer server = stack.servers().create(Endpoint.of("localhost", 0))
 *         .addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b)
 *         .start();
 *     Client client = stack.clients().connect(Endpoint.of("localhost", server.port()))) {
 *   client.call("suma", 2, 3);
 * }
 * }</pre>
 */
@NullMarked
package io.capas.cli;

import org.jspecify.annotations.NullMarked;
