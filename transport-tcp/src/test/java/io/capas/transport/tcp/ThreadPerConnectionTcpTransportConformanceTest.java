package io.capas.transport.tcp;

import io.capas.testing.transport.AbstractTransportConformanceTest;
import io.capas.transport.HostResolver;
import io.capas.transport.Transport;

class ThreadPerConnectionTcpTransportConformanceTest extends AbstractTransportConformanceTest {

  @Override
  protected Transport newTransport(int maxConnections) {
    return new TcpTransport(
        TcpConfig.builder()
            .model(TcpConfig.Model.THREAD_PER_CONNECTION)
            .maxConnections(maxConnections)
            .build(),
        HostResolver.system());
  }
}
