/**
 * Benchmarks of the reliable UDP transport: calls per second against a raw UDP ping-pong, and the
 * time to move 1 MiB with and without loss. Figures and commands: {@code docs/bench/udp.md}.
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar 'udp\.' -f 1 -wi 3 -i 5
 * }</pre>
 */
@NullMarked
package io.capas.benchmarks.udp;

import org.jspecify.annotations.NullMarked;
