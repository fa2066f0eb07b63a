package io.capas.transport.tcp;

import io.capas.testing.transport.AbstractTransportConformanceTest;
import io.capas.transport.HostResolver;
import io.capas.transport.Transport;

class SequentialTcpTransportConformanceTest extends AbstractTransportConformanceTest {

  @Override
  protected Transport newTransport(int maxConnections) {
    return new TcpTransport(
        TcpConfig.builder()
            .model(TcpConfig.Model.SEQUENTIAL)
            .maxConnections(maxConnections)
            .build(),
        HostResolver.system());
  }

  /** Its one thread runs every session call and what they offload: the documented exception. */
  @Override
  protected boolean runsOffloadedTasksAlongsideOthers() {
    return false;
  }
}
