package io.capas.testing.transport;

import io.capas.transport.Transport;

class InMemoryTransportConformanceTest extends AbstractTransportConformanceTest {
  @Override
  protected Transport newTransport(int maxConnections) {
    return InMemoryTransport.builder().maxConnections(maxConnections).build();
  }
}
