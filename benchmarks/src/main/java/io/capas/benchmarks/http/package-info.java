/**
 * JMH benchmarks of the HTTP codec: parsing a typical XML-RPC POST (blocking reader and push
 * decoder) and writing a response.
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar 'io.capas.benchmarks.http' -prof gc
 * }</pre>
 */
@NullMarked
package io.capas.benchmarks.http;

import org.jspecify.annotations.NullMarked;
