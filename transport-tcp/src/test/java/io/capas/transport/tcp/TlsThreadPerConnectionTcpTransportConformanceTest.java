package io.capas.transport.tcp;

import io.capas.testing.transport.AbstractTransportConformanceTest;
import io.capas.transport.Transport;

/**
 * The transport contract over TLS, THREAD_PER_CONNECTION ({@link TlsConformance}).
 *
 * <p>A connection past the server's maximum is closed by the server before the handshake, so over
 * TLS it fails inside {@code connect} ({@link #refusesPastTheMaximumInConnect()}).
 */
class TlsThreadPerConnectionTcpTransportConformanceTest extends AbstractTransportConformanceTest {

  @Override
  protected Transport newTransport(int maxConnections) {
    return TlsConformance.transport(TcpConfig.Model.THREAD_PER_CONNECTION, maxConnections);
  }

  @Override
  protected boolean refusesPastTheMaximumInConnect() {
    return true;
  }
}
