/**
 * Transport benchmarks: framed ping-pong and streaming over capas TCP against plain sockets, and a
 * program that holds 10,000 idle connections on the thread-per-connection server.
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar 'RawSocketPingPong|TcpFramedPingPong' \
 *     -f 1 -wi 2 -i 3 -w 2s -r 3s
 * java -cp benchmarks/target/benchmarks.jar io.capas.benchmarks.transport.IdleConnections 10000
 * }</pre>
 *
 * <p>Figures and commands: {@code docs/bench/transport.md}.
 */
@NullMarked
package io.capas.benchmarks.transport;

import org.jspecify.annotations.NullMarked;
