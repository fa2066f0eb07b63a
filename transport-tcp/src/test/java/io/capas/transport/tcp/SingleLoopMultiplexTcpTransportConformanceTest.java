package io.capas.transport.tcp;

import io.capas.testing.transport.AbstractTransportConformanceTest;
import io.capas.transport.HostResolver;
import io.capas.transport.Transport;

/** MULTIPLEX with one selector loop, which accepts and serves every connection itself. */
class SingleLoopMultiplexTcpTransportConformanceTest extends AbstractTransportConformanceTest {

  @Override
  protected Transport newTransport(int maxConnections) {
    return new TcpTransport(
        TcpConfig.builder()
            .model(TcpConfig.Model.MULTIPLEX)
            .selectorThreads(1)
            .maxConnections(maxConnections)
            .build(),
        HostResolver.system());
  }
}
