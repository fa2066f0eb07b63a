package io.capas.transport.tcp;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.socket.TcpClient;
import io.capas.socket.TcpMaster;
import io.capas.socket.TcpServer;
import io.capas.testing.transport.Waiting;
import io.capas.transport.Connection;
import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.Server;
import io.capas.transport.Session;
import io.capas.transport.SessionFactory;
import io.capas.transport.Transport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * TLS over {@link TcpTransport}: every model serves it, and peers that should not get through are
 * refused without holding the server (on the default model, MULTIPLEX; {@link TlsHostilePeersTest}
 * has its hostile cases on every model).
 */
class TlsTransportTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private final Deque<AutoCloseable> resources = new ArrayDeque<>();

  @AfterEach
  void closeResources() throws Exception {
    while (!resources.isEmpty()) {
      resources.pop().close();
    }
  }

  private <T extends AutoCloseable> T closeLater(T resource) {
    resources.push(resource);
    return resource;
  }

  private static SessionFactory echo() {
    return context ->
        new Session() {
          @Override
          public void onData(ByteBuffer data) throws IOException {
            context.write(data);
          }
        };
  }

  private static TcpTransport tls(TlsSettings settings) {
    return tls(TcpConfig.builder().tls(settings).build(), HostResolver.system());
  }

  private static TcpTransport tls(TcpConfig config, HostResolver resolver) {
    return new TcpTransport(config, resolver);
  }

  private static TlsSettings serverSettings() throws Exception {
    return TlsSettings.of(TestCertificates.serverContext());
  }

  private static TlsSettings clientSettings() throws Exception {
    return TlsSettings.of(TestCertificates.clientContext());
  }

  private Server serve(Transport transport) throws IOException {
    return closeLater(transport.serve(Endpoint.of("127.0.0.1", 0), echo()));
  }

  private Connection connect(Transport transport, String host, Server server) throws IOException {
    Connection connection =
        closeLater(transport.connect(Endpoint.of(host, server.address().getPort()), WAIT));
    connection.readTimeout(WAIT);
    return connection;
  }

  private static void assertEchoes(Connection connection, String text) throws IOException {
    connection.sendAll(text.getBytes(US_ASCII));
    assertEquals(text, new String(connection.receiveExactly(text.length()), US_ASCII));
  }

  /** True when the peer ended the connection (end of stream or reset); false on a read timeout. */
  private static boolean seesTheEnd(Connection connection) {
    try {
      for (int i = 0; i < 1_000_000; i++) {
        if (connection.input().read() < 0) {
          return true;
        }
      }
      return false;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }

  private static void await(String what, BooleanSupplier condition) {
    Waiting.await(what, condition, WAIT);
  }

  @ParameterizedTest
  @EnumSource(TcpConfig.Model.class)
  void everyModelEchoesOverTlsByTheNameLocalhost(TcpConfig.Model model) throws Exception {
    Server server =
        serve(
            tls(
                TcpConfig.builder().model(model).tls(serverSettings()).build(),
                HostResolver.system()));
    Connection connection = connect(tls(clientSettings()), "localhost", server);
    byte[] payload = new byte[100_000];
    new Random(7).nextBytes(payload);
    connection.sendAll(payload);
    assertArrayEquals(payload, connection.receiveExactly(payload.length));
    assertEchoes(connection, "still there");
  }

  @Test
  void untrustedCertificateFailsTheHandshakeAndTheServerKeepsServing() throws Exception {
    Server server = serve(tls(serverSettings()));
    int port = server.address().getPort();
    Transport untrusting = tls(TlsSettings.of(TestCertificates.untrustingContext()));
    SSLHandshakeException e =
        assertThrows(
            SSLHandshakeException.class,
            () -> untrusting.connect(Endpoint.of("127.0.0.1", port), WAIT).close());
    assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
    assertEchoes(connect(tls(clientSettings()), "127.0.0.1", server), "after the refusal");
  }

  @Test
  void hostnameMismatchIsRefusedUnlessVerificationIsOff() throws Exception {
    Server server = serve(tls(serverSettings()));
    int port = server.address().getPort();
    // A name the certificate does not carry, resolving to loopback.
    HostResolver elsewhere = host -> List.of(InetAddress.getLoopbackAddress());
    Transport verifying = tls(TcpConfig.builder().tls(clientSettings()).build(), elsewhere);
    SSLHandshakeException e =
        assertThrows(
            SSLHandshakeException.class,
            () -> verifying.connect(Endpoint.of("other.example", port), WAIT).close());
    assertTrue(e.getMessage().contains("other.example:" + port), e.getMessage());

    Transport trusting =
        tls(TcpConfig.builder().tls(clientSettings().withVerifyHostname(false)).build(), elsewhere);
    assertEchoes(connect(trusting, "other.example", server), "no name check");
  }

  @Test
  void plainTcpClientIsClosedPromptlyAndTheServerKeepsServing() throws Exception {
    Server server = serve(tls(serverSettings()));
    try (TcpClient plain = TcpMaster.create().connect("127.0.0.1", server.address().getPort())) {
      plain.readTimeout(WAIT);
      plain.sendAll("POST /RPC2 HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(US_ASCII));
      assertTrue(seesTheEnd(plain), "the server did not close a client speaking plain HTTP");
    }
    assertEchoes(connect(tls(clientSettings()), "127.0.0.1", server), "tls");
    await("no live connection", () -> server.activeConnections() <= 1);
  }

  @Test
  void silentClientIsClosedAtTheHandshakeTimeout() throws Exception {
    Server server = serve(tls(serverSettings().withHandshakeTimeout(Duration.ofMillis(500))));
    try (TcpClient silent = TcpMaster.create().connect("127.0.0.1", server.address().getPort())) {
      silent.readTimeout(WAIT);
      assertTrue(seesTheEnd(silent), "a client that never shook hands stayed open");
    }
    await("no live connection", () -> server.activeConnections() == 0);
  }

  @Test
  void aSilentClientDoesNotHoldTheAcceptLoop() throws Exception {
    // The silent client's handshake would outlast the other client's connect timeout if it ran
    // on the accept loop.
    Server server = serve(tls(serverSettings().withHandshakeTimeout(WAIT.multipliedBy(4))));
    try (TcpClient silent = TcpMaster.create().connect("127.0.0.1", server.address().getPort())) {
      await("the silent client registered", () -> server.activeConnections() == 1);
      assertEchoes(connect(tls(clientSettings()), "127.0.0.1", server), "served meanwhile");

      // Closing the server does not wait for the pending handshake either.
      long start = System.nanoTime();
      server.close();
      assertTrue(
          System.nanoTime() - start < WAIT.toNanos(),
          "close waited " + Duration.ofNanos(System.nanoTime() - start));
      silent.readTimeout(WAIT);
      assertTrue(seesTheEnd(silent), "closing the server left a handshaking client open");
    }
  }

  @Test
  void clientHandshakeIsBoundedByTheConnectTimeout() throws Exception {
    try (TcpServer mute = TcpMaster.create().bind("127.0.0.1", 0).listen(4)) {
      Transport client = tls(clientSettings());
      long start = System.nanoTime();
      SocketTimeoutException e =
          assertThrows(
              SocketTimeoutException.class,
              () ->
                  client
                      .connect(Endpoint.of("127.0.0.1", mute.port()), Duration.ofMillis(300))
                      .close());
      assertTrue(System.nanoTime() - start < WAIT.toNanos());
      assertTrue(e.getMessage().contains("127.0.0.1:" + mute.port()), e.getMessage());
    }
  }

  @Test
  void connectionPastTheMaximumFailsItsHandshakeAndTheServerKeepsServing() throws Exception {
    Server server =
        serve(
            tls(
                TcpConfig.builder().maxConnections(1).tls(serverSettings()).build(),
                HostResolver.system()));
    Transport client = tls(clientSettings());
    Connection first = connect(client, "127.0.0.1", server);
    assertEchoes(first, "one");
    assertThrows(
        IOException.class,
        () -> client.connect(Endpoint.of("127.0.0.1", server.address().getPort()), WAIT).close());
    first.close();
    await("a free slot", () -> server.activeConnections() == 0);
    assertEchoes(connect(client, "127.0.0.1", server), "two");
  }

  @Test
  void serverAskingForClientCertificatesServesOnlyClientsThatHaveOne() throws Exception {
    SSLContext mutual = TestCertificates.mutualContext();
    Server server = serve(tls(TlsSettings.of(mutual).withNeedClientAuth(true)));
    assertEchoes(connect(tls(TlsSettings.of(mutual)), "localhost", server), "with a certificate");

    // TLS 1.3 lets the client finish before the server checks its (missing) certificate, so the
    // refusal shows in connect or in the first exchange.
    Transport anonymous = tls(clientSettings());
    int port = server.address().getPort();
    assertThrows(
        IOException.class,
        () -> {
          try (Connection connection = anonymous.connect(Endpoint.of("localhost", port), WAIT)) {
            connection.readTimeout(WAIT);
            connection.sendAll("anyone?".getBytes(US_ASCII));
            connection.receiveExactly(7);
          }
        });
  }

  @Test
  void multiplexIsTheDefaultModelWithTls() throws Exception {
    assertEquals(
        TcpConfig.Model.MULTIPLEX, TcpConfig.builder().tls(serverSettings()).build().model());
  }

  @Test
  void handshakeTimeoutMustBePositive() throws Exception {
    SSLContext context = TestCertificates.clientContext();
    assertThrows(
        IllegalArgumentException.class,
        () -> TlsSettings.of(context).withHandshakeTimeout(Duration.ZERO));
  }
}
