package io.capas.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.testing.process.ChildProcess;
import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.TcpTransport;
import io.capas.transport.tcp.TlsSettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP client through a real HTTP proxy: Debian's {@code tinyproxy} 1.11 (installed by {@code
 * .ci/setup.sh}), started per test class with a generated config in a temp dir, in the foreground
 * ({@code -d}) on a free loopback port, and stopped by its pid. One proxy is open (its {@code
 * ConnectPort} allows the TLS server's port), one asks for basic credentials, and one allows {@code
 * CONNECT} to port 1 only.
 */
class HttpProxyTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final char[] PASSWORD = "changeit".toCharArray();

  private static RpcServer plain;
  private static RpcServer tls;
  private static SSLContext trusting;
  private static @Nullable ChildProcess open;
  private static @Nullable ChildProcess authenticating;
  private static @Nullable ChildProcess refusing;
  private static int openPort;
  private static int authPort;
  private static int refusingPort;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    plain =
        RpcServer.http(
                new TcpTransport(TcpConfig.defaults(), HostResolver.system()),
                Endpoint.of("127.0.0.1", 0))
            .addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b)
            .addMethod("via", (context, params) -> context.header("Via").orElse("direct"))
            .start();
    SSLContext serverContext = tlsContexts(dir);
    tls =
        RpcServer.http(
                new TcpTransport(
                    TcpConfig.builder().tls(TlsSettings.of(serverContext)).build(),
                    HostResolver.system()),
                Endpoint.of("localhost", 0))
            .addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b)
            .addMethod(
                "tls",
                (context, params) ->
                    context.tlsSession().map(SSLSession::getProtocol).orElse("plain"))
            .start();
    openPort = freePort();
    open = tinyproxy(dir.resolve("open"), openPort, "ConnectPort " + tls.port());
    authPort = freePort();
    authenticating =
        tinyproxy(
            dir.resolve("auth"), authPort, "ConnectPort " + tls.port() + "\nBasicAuth ana s3cret");
    refusingPort = freePort();
    refusing = tinyproxy(dir.resolve("refusing"), refusingPort, "ConnectPort 1");
  }

  @AfterAll
  static void stop() throws InterruptedException {
    for (ChildProcess proxy : new ChildProcess[] {open, authenticating, refusing}) {
      if (proxy != null) {
        proxy.close();
      }
    }
    if (plain != null) {
      plain.close();
    }
    if (tls != null) {
      tls.close();
    }
  }

  private static Client httpClient(String proxy) {
    return HttpClientSettings.builder()
        .url(plain.url())
        .proxy(URI.create(proxy))
        .timeout(WAIT)
        .build()
        .client();
  }

  private static Client httpsClient(String proxy) {
    return HttpClientSettings.builder()
        .url("https://localhost:" + tls.port() + "/RPC2")
        .tls(trusting)
        .proxy(URI.create(proxy))
        .timeout(WAIT)
        .build()
        .client();
  }

  @Test
  void httpCallsGoThroughTheProxyInAbsoluteForm() {
    try (Client client = httpClient("http://127.0.0.1:" + openPort)) {
      for (int i = 0; i < 5; i++) {
        assertEquals(i + 1, client.call("suma", i, 1));
      }
      assertTrue(((String) client.call("via")).contains("tinyproxy"), "the proxy's Via header");
    }
    try (Client direct = Client.connect(plain.url())) {
      assertEquals("direct", direct.call("via"));
    }
  }

  @Test
  void theSchemeRegistryPassesTheProxyOn() {
    ClientOptions options =
        ClientOptions.defaults()
            .withTimeout(WAIT)
            .withProxy(URI.create("http://127.0.0.1:" + openPort));
    try (Client http = ClientSchemes.defaults().client(plain.url(), options);
        Client https =
            ClientSchemes.defaults()
                .client("https://localhost:" + tls.port() + "/RPC2", options.withTls(trusting))) {
      assertTrue(((String) http.call("via")).contains("tinyproxy"), "the proxy's Via header");
      assertEquals("TLSv1.3", https.call("tls"));
    }
  }

  @Test
  void httpsCallsTunnelThroughConnectWithTlsToTheOrigin() {
    try (Client client = httpsClient("http://127.0.0.1:" + openPort)) {
      assertEquals(5, client.call("suma", 2, 3));
      assertEquals("TLSv1.3", client.call("tls"));
    }
  }

  @Test
  void theTunnelVerifiesTheOriginsCertificateNotTheProxys() {
    // The default trust store does not know the test's self-signed certificate.
    try (Client client =
        HttpClientSettings.builder()
            .url("https://localhost:" + tls.port() + "/RPC2")
            .proxy(URI.create("http://127.0.0.1:" + openPort))
            .timeout(WAIT)
            .build()
            .client()) {
      RpcException e = assertThrows(RpcException.class, () -> client.call("suma", 2, 3));
      assertTrue(e.getMessage().contains("localhost:" + tls.port()), e.getMessage());
    }
  }

  @Test
  void proxyCredentialsAreSentAndAccepted() {
    String proxy = "http://ana:s3cret@127.0.0.1:" + authPort;
    try (Client http = httpClient(proxy);
        Client https = httpsClient(proxy)) {
      assertEquals(5, http.call("suma", 2, 3));
      assertEquals(5, https.call("suma", 2, 3));
    }
  }

  @Test
  void a407IsAClearFailureOverHttpAndHttps() {
    String proxy = "http://127.0.0.1:" + authPort;
    try (Client http = httpClient(proxy);
        Client https = httpsClient(proxy)) {
      for (Client client : List.of(http, https)) {
        RpcException e = assertThrows(RpcException.class, () -> client.call("suma", 2, 3));
        assertEquals(RpcException.Kind.PROTOCOL, e.kind(), e.getMessage());
        assertTrue(
            e.getMessage().contains("proxy " + proxy + " requires authentication"), e.getMessage());
        assertTrue(e.getMessage().contains("407"), e.getMessage());
      }
    }
  }

  @Test
  void wrongProxyCredentialsAreAClearFailure() {
    // tinyproxy 1.11 answers wrong credentials with 401 (not 407) and closes unread.
    String proxy = "http://ana:guess@127.0.0.1:" + authPort;
    try (Client http = httpClient(proxy);
        Client https = httpsClient(proxy)) {
      RpcException e = assertThrows(RpcException.class, () -> http.call("suma", 2, 3));
      assertEquals(RpcException.Kind.PROTOCOL, e.kind(), e.getMessage());
      assertTrue(
          e.getMessage().contains("HTTP 401 Unauthorized (through proxy http://127.0.0.1:"),
          e.getMessage());
      e = assertThrows(RpcException.class, () -> https.call("suma", 2, 3));
      assertEquals(RpcException.Kind.PROTOCOL, e.kind(), e.getMessage());
      assertTrue(e.getMessage().contains("refused the credentials"), e.getMessage());
      assertTrue(!e.getMessage().contains("guess"), "no password in " + e.getMessage());
    }
  }

  @Test
  void aRefusedConnectIsAClearFailure() {
    try (Client client = httpsClient("http://127.0.0.1:" + refusingPort)) {
      RpcException e = assertThrows(RpcException.class, () -> client.call("suma", 2, 3));
      assertEquals(RpcException.Kind.PROTOCOL, e.kind());
      assertTrue(
          e.getMessage().contains("refused CONNECT localhost:" + tls.port() + " with status 403"),
          e.getMessage());
    }
  }

  @Test
  void aProxyThatIsNotThereIsUnavailable() throws IOException {
    int nothing = freePort();
    try (Client http = httpClient("http://127.0.0.1:" + nothing);
        Client https = httpsClient("http://127.0.0.1:" + nothing)) {
      for (Client client : List.of(http, https)) {
        RpcException e = assertThrows(RpcException.class, () -> client.call("suma", 2, 3));
        assertEquals(RpcException.Kind.UNAVAILABLE, e.kind(), e.getMessage());
      }
    }
  }

  @Test
  void proxyUrlsAreChecked() {
    assertEquals(1080, HttpProxy.of("http://proxy.example").endpoint().port());
    assertEquals("http://p:3128", HttpProxy.of("http://u:secret@p:3128").toString());
    assertTrue(HttpProxy.of("http://u:secret@p:3128").authorization().startsWith("Basic "));
    assertThrows(IllegalArgumentException.class, () -> HttpProxy.of("https://p:3128"));
    assertThrows(IllegalArgumentException.class, () -> HttpProxy.of("socks5://p:1080"));
    assertThrows(IllegalArgumentException.class, () -> HttpProxy.of("http://p:3128/path"));
  }

  /** Starts tinyproxy on {@code port} with {@code extra} config lines; waits until it accepts. */
  private static ChildProcess tinyproxy(Path dir, int port, String extra) throws Exception {
    Files.createDirectories(dir);
    Path config = dir.resolve("tinyproxy.conf");
    Files.writeString(
        config,
        String.join(
            "\n",
            "Port " + port,
            "Listen 127.0.0.1",
            "Allow 127.0.0.1",
            "Timeout 30",
            "MaxClients 20",
            "LogLevel Info",
            "PidFile \"" + dir.resolve("tinyproxy.pid") + "\"",
            extra,
            ""));
    ChildProcess proxy =
        ChildProcess.start(List.of("tinyproxy", "-d", "-c", config.toString()), dir);
    long deadline = System.nanoTime() + WAIT.toNanos();
    for (int attempt = 0; attempt < 400; attempt++) {
      try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
        return proxy;
      } catch (IOException notYet) {
        if (System.nanoTime() > deadline) {
          break;
        }
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
    proxy.close();
    throw new IOException("tinyproxy did not listen on port " + port + " within " + WAIT);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** A self-signed certificate for localhost: the server's context; {@link #trusting} trusts it. */
  private static SSLContext tlsContexts(Path dir) throws Exception {
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
                "san=dns:localhost",
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
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, PASSWORD);
    SSLContext server = SSLContext.getInstance("TLS");
    server.init(kmf.getKeyManagers(), null, null);
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    trusted.load(null, null);
    trusted.setCertificateEntry("capas-test", keys.getCertificate("capas-test"));
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trusted);
    trusting = SSLContext.getInstance("TLS");
    trusting.init(null, tmf.getTrustManagers(), null);
    return server;
  }
}
