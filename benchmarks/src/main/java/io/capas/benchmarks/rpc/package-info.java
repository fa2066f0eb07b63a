/**
 * JMH benchmarks of the RPC runtime: a whole {@code suma} call through the HTTP server session in
 * memory (the server's per-call cost and allocation, no sockets), and over loopback TCP with the
 * capas client (HTTP and framed bindings).
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar 'io.capas.benchmarks.rpc' -prof gc
 * }</pre>
 */
@NullMarked
package io.capas.benchmarks.rpc;

import org.jspecify.annotations.NullMarked;
