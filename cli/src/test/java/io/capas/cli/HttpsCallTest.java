package io.capas.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.rpc.RpcServer;
import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.TcpTransport;
import io.capas.transport.tcp.TlsSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code capas call https://...}: the JDK's trust store by default, {@code --cacert} adds a CA from
 * a PEM file, {@code --insecure} checks nothing and says so. The server's certificate is made by
 * the test (keytool), for localhost only.
 */
class HttpsCallTest {
  private static final char[] PASSWORD = "capas-test".toCharArray();

  @TempDir static Path dir;
  private static Path pem;
  private static Path keyPem;
  private static Path clientPem;
  private static Path clientKeyPem;
  private static RpcServer server;

  private static void keytool(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String output = new String(process.getInputStream().readAllBytes(), UTF_8);
      assertTrue(process.waitFor(2, TimeUnit.MINUTES), "keytool did not finish");
      assertEquals(0, process.exitValue(), output);
    } finally {
      process.destroyForcibly();
    }
  }

  @BeforeAll
  static void startHttpsServer() throws Exception {
    Path store = dir.resolve("server.p12");
    String password = new String(PASSWORD);
    keytool(
        "-genkeypair",
        "-alias",
        "capas",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=localhost",
        "-ext",
        "san=dns:localhost,ip:127.0.0.1",
        "-validity",
        "2",
        "-storetype",
        "PKCS12",
        "-keystore",
        store.toString(),
        "-storepass",
        password);
    pem = dir.resolve("ca.pem");
    keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        "capas",
        "-keystore",
        store.toString(),
        "-storepass",
        password,
        "-file",
        pem.toString());
    KeyStore keys = load(store);
    keyPem = writePem("server.key", "PRIVATE KEY", keys.getKey("capas", PASSWORD).getEncoded());
    Path clientStore = dir.resolve("client.p12");
    keytool(
        "-genkeypair",
        "-alias",
        "capas",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=capas-client",
        "-validity",
        "2",
        "-storetype",
        "PKCS12",
        "-keystore",
        clientStore.toString(),
        "-storepass",
        password);
    KeyStore client = load(clientStore);
    clientPem = writePem("client.pem", "CERTIFICATE", client.getCertificate("capas").getEncoded());
    clientKeyPem =
        writePem("client.key", "PRIVATE KEY", client.getKey("capas", PASSWORD).getEncoded());
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, PASSWORD);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), null, null);
    TcpTransport tls =
        new TcpTransport(
            TcpConfig.builder().tls(TlsSettings.of(context)).build(), HostResolver.system());
    server =
        RpcServer.http(tls, Endpoint.of("localhost", 0))
            .addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b)
            .start();
  }

  private static KeyStore load(Path store) throws Exception {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keys.load(in, PASSWORD);
    }
    return keys;
  }

  private static Path writePem(String name, String type, byte[] der) throws IOException {
    String text =
        "-----BEGIN "
            + type
            + "-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(UTF_8)).encodeToString(der)
            + "\n-----END "
            + type
            + "-----\n";
    return Files.writeString(dir.resolve(name), text);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = Main.run(args, new PrintStream(out, true, UTF_8), new PrintStream(err, true, UTF_8));
    return new Run(exit, out.toString(UTF_8), err.toString(UTF_8));
  }

  private static String url(String host) {
    return "https://" + host + ":" + server.port() + "/RPC2";
  }

  @Test
  void aCaFromAPemFileIsTrusted() {
    assertEquals(
        new Run(0, "5\n", ""),
        run("call", "--cacert", pem.toString(), url("localhost"), "suma", "2", "3"));
  }

  @Test
  void withoutItTheJdksTrustStoreRefusesTheServerInOneLine() {
    Run refused = run("call", "--timeout", "10", url("localhost"), "suma", "2", "3");
    assertEquals(2, refused.exit(), refused.toString());
    assertEquals("", refused.out());
    assertEquals(1, refused.err().strip().lines().count(), refused.err());
    assertTrue(refused.err().contains(String.valueOf(server.port())), refused.err());
  }

  @Test
  void insecureChecksNothingAndSaysSo() {
    Run run = run("call", "--insecure", url("localhost"), "suma", "2", "3");
    assertEquals(0, run.exit(), run.toString());
    assertEquals("5\n", run.out());
    assertTrue(run.err().contains("WARNING: --insecure"), run.err());
  }

  /** Runs {@code capas serve ARGS} until {@code calls} has run against the URL it prints. */
  private static void serving(String[] args, Consumer<String> calls) throws Exception {
    try (Cli.Serving serving = Cli.Serving.start(args)) {
      assertTrue(
          serving.ready.startsWith("capas: serving XML-RPC on https://localhost:"), serving.ready);
      calls.accept(serving.url("https://"));
    }
  }

  @Test
  void serveTakesItsCertificateAndKeyAsPem() throws Exception {
    serving(
        new String[] {"--port", "0", "--tls-cert", pem.toString(), "--tls-key", keyPem.toString()},
        url ->
            assertEquals(
                new Run(0, "5\n", ""),
                run("call", "--cacert", pem.toString(), url, "suma", "2", "3")));
  }

  @Test
  void serveWithAClientCaRequiresAClientCertificate() throws Exception {
    serving(
        new String[] {
          "--port",
          "0",
          "--tls-cert",
          pem.toString(),
          "--tls-key",
          keyPem.toString(),
          "--client-ca",
          clientPem.toString()
        },
        url -> {
          Run anonymous =
              run("call", "--timeout", "10", "--cacert", pem.toString(), url, "suma", "2", "3");
          assertEquals(2, anonymous.exit(), anonymous.toString());
          assertEquals(
              new Run(0, "5\n", ""),
              run(
                  "call",
                  "--cacert",
                  pem.toString(),
                  "--cert",
                  clientPem.toString(),
                  "--key",
                  clientKeyPem.toString(),
                  url,
                  "suma",
                  "2",
                  "3"));
        });
  }

  @Test
  void aKeyThatIsNotPkcs8IsAUsageErrorSayingHowToConvertIt() throws IOException {
    Path traditional =
        Files.writeString(
            dir.resolve("old.key"),
            "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n");
    Run run =
        run(
            "call",
            "--cert",
            clientPem.toString(),
            "--key",
            traditional.toString(),
            url("localhost"),
            "suma",
            "2",
            "3");
    assertTrue(run.exit() != 0, run.toString());
    assertTrue(run.err().contains("openssl pkcs8 -topk8"), run.err());
  }

  @Test
  void aBadCaFileIsAUsageError() throws IOException {
    Path empty = Files.writeString(dir.resolve("empty.pem"), "not a certificate\n");
    Run run = run("call", "--cacert", empty.toString(), url("localhost"), "suma", "2", "3");
    assertTrue(run.exit() != 0, run.toString());
    assertTrue(run.err().contains("--cacert"), run.err());
  }
}
