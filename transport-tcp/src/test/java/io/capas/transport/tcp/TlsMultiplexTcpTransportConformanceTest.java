package io.capas.transport.tcp;

import io.capas.testing.transport.AbstractTransportConformanceTest;
import io.capas.transport.Transport;

/**
 * The transport contract over TLS, MULTIPLEX ({@link TlsConformance}); a connection past the
 * maximum fails inside {@code connect}, as in {@link
 * TlsThreadPerConnectionTcpTransportConformanceTest}.
 */
class TlsMultiplexTcpTransportConformanceTest extends AbstractTransportConformanceTest {

  @Override
  protected Transport newTransport(int maxConnections) {
    return TlsConformance.transport(TcpConfig.Model.MULTIPLEX, maxConnections);
  }

  @Override
  protected boolean refusesPastTheMaximumInConnect() {
    return true;
  }
}
