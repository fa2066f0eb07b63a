/**
 * JMH benchmarks of framing: codec cost of length-prefixed frames, and a framed ping-pong over
 * loopback to compare with {@link io.capas.benchmarks.RawSocketPingPong} in the same run.
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar \
 *     'io.capas.benchmarks.framing|RawSocketPingPong' -prof gc
 * }</pre>
 */
@NullMarked
package io.capas.benchmarks.framing;

import org.jspecify.annotations.NullMarked;
