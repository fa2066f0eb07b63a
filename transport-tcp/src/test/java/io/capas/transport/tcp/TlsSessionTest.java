package io.capas.transport.tcp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.transport.Connection;
import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.Server;
import io.capas.transport.Session;
import io.capas.transport.SessionContext;
import io.capas.transport.SessionFactory;
import io.capas.transport.Transport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The handshaken TLS session reaches a server's sessions through {@link
 * SessionContext#tlsSession()} and a client through {@link Connection#tlsSession()}: under mutual
 * TLS each side sees the other's certificate; a plain connection has none.
 */
class TlsSessionTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  /**
   * Answers each line with what its context's {@code tlsSession()} shows when the session opens:
   * "plain" without one, else the protocol, the cipher suite, and the subject of the peer's
   * certificate by {@code getPeerCertificates()} and by {@code getPeerPrincipal()} ("anonymous"
   * when the peer presented none).
   */
  private static SessionFactory describingTls() {
    return context -> {
      String description = describe(context.tlsSession()) + "\n";
      return new Session() {
        @Override
        public void onData(ByteBuffer data) throws IOException {
          while (data.hasRemaining()) {
            if (data.get() == '\n') {
              context.write(ByteBuffer.wrap(description.getBytes(UTF_8)));
            }
          }
        }
      };
    };
  }

  private static String describe(Optional<SSLSession> tls) {
    if (tls.isEmpty()) {
      return "plain";
    }
    SSLSession session = tls.get();
    String peer;
    try {
      Certificate[] chain = session.getPeerCertificates();
      peer =
          ((X509Certificate) chain[0]).getSubjectX500Principal().getName()
              + " "
              + session.getPeerPrincipal().getName();
    } catch (SSLPeerUnverifiedException e) {
      peer = "anonymous";
    }
    return session.getProtocol() + " " + session.getCipherSuite() + " " + peer;
  }

  private static Server serve(TcpConfig config) throws IOException {
    return new TcpTransport(config, HostResolver.system())
        .serve(Endpoint.of("127.0.0.1", 0), describingTls());
  }

  private static Connection connect(Transport client, Server server) throws IOException {
    Connection connection =
        client.connect(Endpoint.of("localhost", server.address().getPort()), WAIT);
    connection.readTimeout(WAIT);
    return connection;
  }

  /** What the server's session saw of the connection's TLS. */
  private static String serverView(Connection connection) throws IOException {
    connection.sendAll("\n".getBytes(UTF_8));
    String line = connection.receiveLine(1024);
    assertTrue(line != null, "the server ended the connection");
    return line;
  }

  @ParameterizedTest
  @EnumSource(TcpConfig.Model.class)
  void sessionSeesTheClientCertificateUnderMutualTls(TcpConfig.Model model) throws Exception {
    TlsSettings serverTls =
        TlsSettings.of(TestCertificates.mutualServerContext()).withNeedClientAuth(true);
    Transport client =
        new TcpTransport(
            TcpConfig.builder().tls(TlsSettings.of(TestCertificates.mutualClientContext())).build(),
            HostResolver.system());
    try (Server server = serve(TcpConfig.builder().model(model).tls(serverTls).build());
        Connection connection = connect(client, server)) {
      String[] seen = serverView(connection).split(" ", 3);

      assertTrue(seen[0].startsWith("TLSv1."), seen[0]);
      assertFalse(seen[1].contains("NULL"), "a session before the handshake: " + seen[1]);
      String subject = TestCertificates.CLIENT_SUBJECT;
      assertEquals(subject + " " + subject, seen[2]);
      // The same session, seen from the client's end.
      SSLSession clientSide = connection.tlsSession().orElseThrow();
      assertEquals(
          seen[0] + " " + seen[1], clientSide.getProtocol() + " " + clientSide.getCipherSuite());
      assertEquals(TestCertificates.SERVER_SUBJECT, clientSide.getPeerPrincipal().getName());
    }
  }

  @Test
  void sessionWithoutClientCertificateSeesTlsButNoPeer() throws Exception {
    Transport client =
        new TcpTransport(
            TcpConfig.builder().tls(TlsSettings.of(TestCertificates.clientContext())).build(),
            HostResolver.system());
    TlsSettings serverTls = TlsSettings.of(TestCertificates.serverContext());
    try (Server server = serve(TcpConfig.builder().tls(serverTls).build());
        Connection connection = connect(client, server)) {
      String seen = serverView(connection);

      assertTrue(seen.startsWith("TLSv1."), seen);
      assertTrue(seen.endsWith(" anonymous"), seen);
    }
  }

  @ParameterizedTest
  @EnumSource(TcpConfig.Model.class)
  void plainConnectionHasNoTlsSession(TcpConfig.Model model) throws Exception {
    try (Server server = serve(TcpConfig.builder().model(model).build());
        Connection connection =
            connect(new TcpTransport(TcpConfig.defaults(), HostResolver.system()), server)) {
      assertEquals("plain", serverView(connection));
      assertEquals(Optional.empty(), connection.tlsSession());
    }
  }
}
