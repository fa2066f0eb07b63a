package io.capas.guide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.capas.rpc.Client;
import io.capas.rpc.HttpClientSettings;
import io.capas.rpc.RpcException;
import io.capas.rpc.RpcFault;
import io.capas.rpc.RpcServer;
import io.capas.rpc.ServerInterceptor;
import io.capas.testing.process.ChildProcess;
import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.TcpTransport;
import io.capas.transport.tcp.TlsSettings;
import io.capas.xmlrpc.MethodResponse;
import java.io.File;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/guide/security.md: TLS with a private certificate and basic authentication, run with a
 * self-signed certificate that the JDK's keytool makes for the test.
 */
class SecurityGuideTest {
  private static final Duration WAIT = Duration.ofMinutes(2);

  @Test
  void tlsAndBasicAuth(@TempDir Path dir) throws Exception {
    File p12 = dir.resolve("server.p12").toFile();
    char[] password = "changeit".toCharArray();
    keytool(p12, password);
    // guide:begin contexts
    KeyStore store = KeyStore.getInstance(p12, password); // the server's key and certificate
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, password);
    SSLContext serverTls = SSLContext.getInstance("TLS");
    serverTls.init(keys.getKeyManagers(), null, null);

    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store); // a client that trusts this certificate (a private CA)
    SSLContext clientTls = SSLContext.getInstance("TLS");
    clientTls.init(null, trust.getTrustManagers(), null);
    // guide:end contexts
    // guide:begin tls-auth
    TcpTransport tls =
        new TcpTransport(
            TcpConfig.builder().tls(TlsSettings.of(serverTls)).build(), HostResolver.system());
    RpcServer server =
        RpcServer.http(tls, Endpoint.of("localhost", 0))
            .intercept(ServerInterceptor.basicAuth("alice", "s3cret")) // first in the chain
            .addMethod("whoami", (context, params) -> context.principal().orElseThrow())
            .start();
    Client client =
        HttpClientSettings.builder()
            .url("https://localhost:" + server.port() + "/RPC2") // host name verified
            .tls(clientTls) // without it: the JDK's trust store
            .basicAuth("alice", "s3cret")
            .build()
            .client();
    // guide:end tls-auth
    try (server;
        client) {
      assertEquals("alice", client.call("whoami"));
      try (Client intruder =
          HttpClientSettings.builder()
              .url("https://localhost:" + server.port() + "/RPC2")
              .tls(clientTls)
              .basicAuth("alice", "guess")
              .build()
              .client()) {
        assertThrows(RpcException.class, () -> intruder.call("whoami"));
      }
      try (Client untrusting =
          HttpClientSettings.builder()
              .url("https://localhost:" + server.port() + "/RPC2")
              .build()
              .client()) {
        assertThrows(RpcException.class, () -> untrusting.call("whoami"));
      }
    }
  }

  @Test
  void authorisationInterceptor() {
    RpcServer server =
        RpcServer.http(new TcpTransport(TcpConfig.defaults(), HostResolver.system()), 0)
            .intercept(ServerInterceptor.basicAuth((user, password) -> password.equals(user + "!")))
            // guide:begin authorisation
            .intercept(
                (context, call, next) ->
                    call.methodName().startsWith("admin.")
                            && !context.principal().orElse("").equals("root")
                        ? MethodResponse.fault(403, "not allowed")
                        : next.proceed(context, call))
            // guide:end authorisation
            .addMethod("admin.stop", params -> "stopping")
            .start();
    try (server;
        Client root =
            HttpClientSettings.builder()
                .url(server.url())
                .basicAuth("root", "root!")
                .build()
                .client();
        Client bob =
            HttpClientSettings.builder()
                .url(server.url())
                .basicAuth("bob", "bob!")
                .build()
                .client()) {
      assertEquals("stopping", root.call("admin.stop"));
      assertEquals(403, assertThrows(RpcFault.class, () -> bob.call("admin.stop")).code());
    }
  }

  private static void keytool(File p12, char[] password) throws Exception {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    try (ChildProcess child =
        ChildProcess.start(
            List.of(
                keytool.toString(),
                "-genkeypair",
                "-alias",
                "server",
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
                p12.toString(),
                "-storepass",
                new String(password)))) {
      ChildProcess.Result result = child.await(WAIT);
      assertEquals(0, result.exit(), result::toString);
    }
  }
}
