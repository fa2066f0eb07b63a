package io.capas.transport.tcp;

import io.capas.testing.transport.AbstractTransportConformanceTest;
import io.capas.transport.HostResolver;
import io.capas.transport.Transport;

class PoolTcpTransportConformanceTest extends AbstractTransportConformanceTest {

  @Override
  protected Transport newTransport(int maxConnections) {
    return new TcpTransport(
        TcpConfig.builder().pool(4).maxConnections(maxConnections).build(), HostResolver.system());
  }
}
