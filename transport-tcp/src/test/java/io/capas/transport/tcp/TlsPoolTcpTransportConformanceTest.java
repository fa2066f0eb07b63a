package io.capas.transport.tcp;

import io.capas.testing.transport.AbstractTransportConformanceTest;
import io.capas.transport.Transport;

/**
 * The transport contract over TLS, POOL ({@link TlsConformance}); a connection past the maximum
 * fails inside {@code connect}, as in {@link TlsThreadPerConnectionTcpTransportConformanceTest}.
 */
class TlsPoolTcpTransportConformanceTest extends AbstractTransportConformanceTest {

  @Override
  protected Transport newTransport(int maxConnections) {
    return TlsConformance.transport(TcpConfig.Model.POOL, maxConnections);
  }

  @Override
  protected boolean refusesPastTheMaximumInConnect() {
    return true;
  }
}
