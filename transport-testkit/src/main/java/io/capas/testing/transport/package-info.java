/**
 * The transport test kit, used with test scope: the conformance suite every {@link
 * io.capas.transport.Transport} passes, an in-memory transport for tests above the transport, and a
 * fake clock.
 *
 * <pre>{@code
 * class MyTransportConformanceTest extends AbstractTransportConformanceTest {
 *   @Override
 *   protected Transport newTransport(int maxConnections) {
 *     return InMemoryTransport.builder().maxConnections(maxConnections).build();
 *   }
 * }
 * }</pre>
 */
@NullMarked
package io.capas.testing.transport;

import org.jspecify.annotations.NullMarked;
