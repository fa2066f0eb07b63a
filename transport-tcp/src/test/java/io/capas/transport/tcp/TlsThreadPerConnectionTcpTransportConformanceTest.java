package io.capas.transport.tcp;

import io.capas.testing.transport.AbstractTransportConformanceTest;
import io.capas.transport.HostResolver;
import io.capas.transport.Transport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The transport contract over TLS: the servers present the test certificate and the clients trust
 * it, on one transport (the suite's clients and servers share it).
 *
 * <p>One test does not apply: {@code closesConnectionsPastTheMaximumAndKeepsServing} expects the
 * refused connection to connect and then see end of stream, but a TLS client shakes hands inside
 * {@code connect}, so there the refusal is a handshake failure. {@link
 * TlsTransportTest#connectionPastTheMaximumFailsItsHandshakeAndTheServerKeepsServing} checks that
 * instead.
 */
@ExtendWith(TlsThreadPerConnectionTcpTransportConformanceTest.HandshakeInConnect.class)
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

  /** Leaves out the one test whose refused connection must connect first (see above). */
  static final class HandshakeInConnect implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      boolean refusedConnect =
          context
              .getTestMethod()
              .filter(m -> m.getName().equals("closesConnectionsPastTheMaximumAndKeepsServing"))
              .isPresent();
      return refusedConnect
          ? ConditionEvaluationResult.disabled(
              "over TLS the refused connection fails in connect's handshake; see TlsTransportTest")
          : ConditionEvaluationResult.enabled("applies over TLS");
    }
  }
}
