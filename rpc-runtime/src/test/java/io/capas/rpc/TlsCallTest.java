package io.capas.rpc;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.testing.process.ChildProcess;
import io.capas.transport.Dialer;
import io.capas.transport.HostResolver;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.TcpTransport;
import io.capas.transport.tcp.TlsSettings;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * XML-RPC over HTTP over TLS: the TLS is the transport's ({@link TcpConfig#tls()}), so the server
 * and client bindings run unchanged over it. The certificate is self-signed, made by the JDK's
 * keytool at test time.
 */
class TlsCallTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final char[] PASSWORD = "changeit".toCharArray();

  private static SSLContext serverContext;
  private static SSLContext clientContext;
  private static RpcServer server;
  private static Path certificatePem;
  private static Path keyPem;

  @BeforeAll
  static void startTlsServer(@TempDir Path dir) throws Exception {
    Path store = dir.resolve("localhost.p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    try (ChildProcess child =
        ChildProcess.start(
            List.of(
                keytool.toString(),
                "-genkeypair",
                "-alias",
                "capas-test",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=localhost",
                "-ext",
                "san=dns:localhost,ip:127.0.0.1,ip:::1",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass",
                new String(PASSWORD)))) {
      ChildProcess.Result result = child.await(Duration.ofMinutes(2));
      assertEquals(0, result.exit(), result.toString());
    }
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keys.load(in, PASSWORD);
    }
    certificatePem = dir.resolve("localhost.pem");
    Files.writeString(
        certificatePem, pem("CERTIFICATE", keys.getCertificate("capas-test").getEncoded()));
    keyPem = dir.resolve("localhost.key");
    Files.writeString(keyPem, pem("PRIVATE KEY", keys.getKey("capas-test", PASSWORD).getEncoded()));
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, PASSWORD);
    serverContext = SSLContext.getInstance("TLS");
    serverContext.init(kmf.getKeyManagers(), null, null);

    KeyStore trusted = KeyStore.getInstance("PKCS12");
    trusted.load(null, null);
    trusted.setCertificateEntry("capas-test", keys.getCertificate("capas-test"));
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trusted);
    clientContext = SSLContext.getInstance("TLS");
    clientContext.init(null, tmf.getTrustManagers(), null);

    TcpTransport tls =
        new TcpTransport(
            TcpConfig.builder().tls(TlsSettings.of(serverContext)).build(), HostResolver.system());
    server =
        RpcServer.http(tls, 0)
            .addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b)
            .addMethod(
                "tls",
                (context, params) ->
                    context.tlsSession().map(SSLSession::getProtocol).orElse("plain")
                        + " "
                        + context.peerCertificates().size())
            .start();
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  private static Client client(TcpTransport transport) {
    return HttpClientSettings.builder()
        .endpoint("localhost", server.port())
        .dialer(transport)
        .timeout(WAIT)
        .build()
        .client();
  }

  @Test
  void sumaOverTls() {
    TcpTransport tls =
        new TcpTransport(
            TcpConfig.builder().tls(TlsSettings.of(clientContext)).build(), HostResolver.system());
    try (Client client = client(tls)) {
      assertEquals(5, client.call("suma", 2, 3));
      // The kept-alive TLS connection serves the next call too.
      assertEquals(42, client.call("suma", 20, 22));
      // The handler sees the connection's TLS session; no client certificate was asked for.
      assertEquals("TLSv1.3 0", client.call("tls"));
    }
  }

  /**
   * XML-RPC over https against a MULTIPLEX server with one selector loop (its SSLEngine path, issue
   * 16): concurrent kept-alive clients, a mebibyte each way, the TLS session in the handler, and a
   * handler that blocks until another client's call releases it, which only works if the blocked
   * handler has left the loop that must read the other connection's TLS records.
   */
  @Test
  void httpsAgainstAMultiplexServerWithOneSelectorLoop() throws Exception {
    CountDownLatch released = new CountDownLatch(1);
    TcpTransport multiplex =
        new TcpTransport(
            TcpConfig.builder()
                .model(TcpConfig.Model.MULTIPLEX)
                .selectorThreads(1)
                .tls(TlsSettings.of(serverContext))
                .build(),
            HostResolver.system());
    try (RpcServer one =
        RpcServer.http(multiplex, 0)
            .addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b)
            .addMethod("echo", byte[].class, bytes -> bytes)
            .addMethod(
                "tls",
                (context, params) ->
                    context.tlsSession().map(SSLSession::getProtocol).orElse("plain"))
            .addMethod("hold", params -> released.await(WAIT.toSeconds(), TimeUnit.SECONDS))
            .addMethod(
                "release",
                params -> {
                  released.countDown();
                  return true;
                })
            .start()) {
      String url = "https://localhost:" + one.port() + "/RPC2";
      HttpClientSettings settings =
          HttpClientSettings.builder().url(url).tls(clientContext).timeout(WAIT).build();

      ExecutorService callers = Executors.newFixedThreadPool(8);
      try (Client first = settings.client()) {
        assertEquals("TLSv1.3", first.call("tls"));
        List<Future<Integer>> sums = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
          int base = c * 1000;
          sums.add(
              callers.submit(
                  () -> {
                    int total = 0;
                    try (Client client = settings.client()) {
                      for (int i = 0; i < 25; i++) {
                        total += (Integer) client.call("suma", base, i);
                      }
                    }
                    return total;
                  }));
        }
        for (int c = 0; c < 8; c++) {
          assertEquals(25 * c * 1000 + 300, sums.get(c).get(WAIT.toSeconds(), TimeUnit.SECONDS));
        }

        byte[] mebibyte = new byte[1 << 20];
        new Random(16).nextBytes(mebibyte);
        assertArrayEquals(mebibyte, (byte[]) first.call("echo", (Object) mebibyte));

        Future<Object> held = callers.submit(() -> first.call("hold"));
        try (Client other = settings.client()) {
          assertEquals(true, other.call("release"));
        }
        assertEquals(true, held.get(WAIT.toSeconds(), TimeUnit.SECONDS));
      } finally {
        callers.shutdownNow();
      }
    }
  }

  /** {@code der} as a PEM block of {@code type}. */
  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  @Test
  void pythonsClientCallsCapasOverHttpsTrustingTheTestCa() throws Exception {
    try (ChildProcess python =
        ChildProcess.start(
            List.of(
                "python3",
                ChildProcess.script("/interop/python_https_client.py"),
                "https://localhost:" + server.port() + "/RPC2",
                certificatePem.toString()))) {
      ChildProcess.Result result = python.await(WAIT);
      assertEquals(0, result.exit(), result.toString());
      assertEquals("5", result.stdout().strip());
    }
  }

  @Test
  void capasCallsPythonsHttpsServer() throws Exception {
    try (ChildProcess python =
        ChildProcess.start(
            List.of(
                "python3",
                ChildProcess.script("/interop/python_https_server.py"),
                certificatePem.toString(),
                keyPem.toString()))) {
      int port = Integer.parseInt(python.readLine(WAIT).trim());
      try (Client client =
          HttpClientSettings.builder()
              .url("https://localhost:" + port + "/RPC2")
              .tls(clientContext)
              .timeout(WAIT)
              .build()
              .client()) {
        assertEquals(5, client.call("suma", 2, 3));
      }
    }
  }

  @Test
  void httpsUrlsSpeakTlsWithTheTrustGiven() {
    try (Client client =
        HttpClientSettings.builder()
            .url("https://localhost:" + server.port() + "/RPC2")
            .tls(clientContext)
            .timeout(WAIT)
            .build()
            .client()) {
      assertEquals("https://localhost:" + server.port() + "/RPC2", client.target());
      assertEquals(5, client.call("suma", 2, 3));
      assertEquals("TLSv1.3 0", client.call("tls"));
    }
  }

  @Test
  void httpsUrlsTrustTheJdkTrustStoreByDefault() {
    // The test's self-made certificate is in no system trust store: refused, naming the server.
    try (Client client =
        HttpClientSettings.builder()
            .url("https://localhost:" + server.port() + "/RPC2")
            .timeout(WAIT)
            .build()
            .client()) {
      RpcException e = assertThrows(RpcException.class, () -> client.call("suma", 2, 3));
      assertTrue(e.getMessage().contains(String.valueOf(server.port())), e.getMessage());
    }
  }

  @Test
  void httpsVerifiesTheHostName() {
    // "elsewhere.test" resolves to this server, whose certificate names localhost only.
    HostResolver toLoopback = host -> List.of(InetAddress.getLoopbackAddress());
    try (Client client =
        HttpClientSettings.builder()
            .url("https://elsewhere.test:" + server.port() + "/RPC2")
            .tls(Dialer.tls(clientContext, toLoopback))
            .timeout(WAIT)
            .build()
            .client()) {
      RpcException e = assertThrows(RpcException.class, () -> client.call("suma", 2, 3));
      assertTrue(e.getMessage().contains("elsewhere.test"), e.getMessage());
    }
  }

  @Test
  void clientNotTrustingTheCertificateFailsNamingHostAndPort() throws Exception {
    SSLContext systemTrust = SSLContext.getInstance("TLS");
    systemTrust.init(null, null, null);
    TcpTransport untrusting =
        new TcpTransport(
            TcpConfig.builder().tls(TlsSettings.of(systemTrust)).build(), HostResolver.system());
    try (Client client = client(untrusting)) {
      RpcException e = assertThrows(RpcException.class, () -> client.call("suma", 2, 3));
      assertTrue(e.getMessage().contains(String.valueOf(server.port())), e.getMessage());
      assertTrue(e.getMessage().contains("suma"), e.getMessage());
    }
  }

  @Test
  void plainHttpClientIsRefusedWithoutHanging() {
    TcpTransport plain = new TcpTransport(TcpConfig.defaults(), HostResolver.system());
    try (Client client = client(plain)) {
      RpcException e = assertThrows(RpcException.class, () -> client.call("suma", 2, 3));
      assertTrue(e.kind() != RpcException.Kind.TIMEOUT, e.toString());
    }
  }
}
