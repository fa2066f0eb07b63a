/**
 * Small services on the transport alone, runnable and tested end to end on loopback: the echo
 * server and its line client (socket primitives, a thread per client), the uppercase service over
 * TCP (a push session under any server model) and over UDP (a plain datagram socket).
 *
 * <pre>{@code
 * try (EchoServer server = EchoServer.start("127.0.0.1", 0)) {
 *   BufferedReader input = new BufferedReader(new StringReader("hola\nexit\n"));
 *   EchoClient.run("127.0.0.1", server.port(), input, System.out);
 * }
 * }</pre>
 *
 * <p>{@link io.capas.examples.EchoDemo} runs the echo exchange in one process and exits 0.
 */
@NullMarked
package io.capas.examples;

import org.jspecify.annotations.NullMarked;
