package io.capas.transport.tcp;

import io.capas.testing.transport.AbstractTransportConformanceTest;
import io.capas.transport.HostResolver;
import io.capas.transport.Transport;

/** MULTIPLEX with its default group of selector loops (one per available processor). */
class MultiplexTcpTransportConformanceTest extends AbstractTransportConformanceTest {

  @Override
  protected Transport newTransport(int maxConnections) {
    return new TcpTransport(
        TcpConfig.builder().model(TcpConfig.Model.MULTIPLEX).maxConnections(maxConnections).build(),
        HostResolver.system());
  }
}
