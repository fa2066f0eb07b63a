/**
 * JMH benchmarks for the codecs and transports. Built by every {@code mvn verify}, run on purpose:
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar RawSocketPingPong -f 1 -wi 3 -i 5
 * }</pre>
 *
 * <p>Figures, commands and the machine are recorded in {@code docs/BENCHMARKS.md}.
 */
@NullMarked
package io.capas.benchmarks;

import org.jspecify.annotations.NullMarked;
