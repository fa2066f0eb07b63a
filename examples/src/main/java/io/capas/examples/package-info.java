/**
 * The course's programs as runnable examples on every layer of capas: socket primitives (echo, UDP
 * uppercase, the UDP client with a doubling timeout, broadcast, {@code recvall}, DNS lookups), the
 * transport's server models (TCP uppercase), framing ({@code put_block}/{@code get_block}, the JSON
 * chat's padded chunks), XML-RPC ({@code suma}, {@code is_even}, the slides' server with
 * introspection and multicall) and HFTP. Each runs by name through {@link
 * io.capas.examples.Examples} ({@code capas example NAME}); {@code examples/README.md} lists the
 * commands and {@code ExamplesTest} runs each end to end on loopback.
 *
 * <pre>{@code
 * try (RpcServer server = Suma.server("127.0.0.1", 0).start()) {
 *   Suma.client("127.0.0.1", server.port(), System.out); // prints 5
 * }
 * }</pre>
 */
@NullMarked
package io.capas.examples;

import org.jspecify.annotations.NullMarked;
