package io.capas.transport.tcp;

import io.capas.testing.transport.AbstractTransportConformanceTest;
import io.capas.transport.Transport;

/**
 * The transport contract over TLS, SEQUENTIAL ({@link TlsConformance}); a connection past the
 * maximum fails inside {@code connect}, as in {@link
 * TlsThreadPerConnectionTcpTransportConformanceTest}.
 */
class TlsSequentialTcpTransportConformanceTest extends AbstractTransportConformanceTest {

  @Override
  protected Transport newTransport(int maxConnections) {
    return TlsConformance.transport(TcpConfig.Model.SEQUENTIAL, maxConnections);
  }

  @Override
  protected boolean refusesPastTheMaximumInConnect() {
    return true;
  }

  /** Its one thread runs every session call and what they offload: the documented exception. */
  @Override
  protected boolean runsOffloadedTasksAlongsideOthers() {
    return false;
  }
}
