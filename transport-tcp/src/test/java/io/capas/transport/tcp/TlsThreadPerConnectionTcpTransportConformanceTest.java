package io.capas.transport.tcp;

import io.capas.testing.transport.AbstractTransportConformanceTest;
import io.capas.transport.HostResolver;
import io.capas.transport.Transport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;

/**
 * The transport contract over TLS: the servers present the test certificate and the clients trust
 * it, on one transport (the suite's clients and servers share it).
 *
 * <p>A connection past the server's maximum is closed by the server before the handshake, so over
 * TLS it fails inside {@code connect} ({@link #refusesPastTheMaximumInConnect()}).
 */
class TlsThreadPerConnectionTcpTransportConformanceTest extends AbstractTransportConformanceTest {

  @Override
  protected Transport newTransport(int maxConnections) {
    SSLContext context;
    try {
      context = TestCertificates.mutualContext();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    return new TcpTransport(
        TcpConfig.builder()
            .model(TcpConfig.Model.THREAD_PER_CONNECTION)
            .maxConnections(maxConnections)
            .tls(TlsSettings.of(context))
            .build(),
        HostResolver.system());
  }

  @Override
  protected boolean refusesPastTheMaximumInConnect() {
    return true;
  }
}
