package io.capas.transport.tcp;

import io.capas.transport.HostResolver;
import io.capas.transport.Transport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;

/**
 * The transports of the TLS conformance suites: one model, servers presenting the test certificate
 * and clients trusting it, on one transport (the suite's clients and servers share it).
 */
final class TlsConformance {

  private TlsConformance() {}

  static Transport transport(TcpConfig.Model model, int maxConnections) {
    try {
      return new TcpTransport(
          TcpConfig.builder()
              .model(model)
              .maxConnections(maxConnections)
              .tls(TlsSettings.of(TestCertificates.mutualContext()))
              .build(),
          HostResolver.system());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
