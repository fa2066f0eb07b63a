package io.capas.transport.tcp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;

/**
 * Self-signed EC certificates made once per test run by the JDK's {@code keytool} (no test
 * dependency), and the JSSE contexts built on them: the server's for {@code localhost}, {@code
 * 127.0.0.1} and {@code ::1}, and a client's ({@value #CLIENT_SUBJECT}) for mutual TLS with two
 * distinct identities. Safe for concurrent use.
 */
final class TestCertificates {

  /** The subject of the server's certificate. */
  static final String SERVER_SUBJECT = "CN=localhost";

  /** The subject of the client's certificate of {@link #mutualClientContext()}. */
  static final String CLIENT_SUBJECT = "CN=capas-test-client";

  private static final char[] PASSWORD = "changeit".toCharArray();
  private static final String ALIAS = "capas-test";
  private static final long KEYTOOL_SECONDS = 120;

  private static KeyStore keyStore;
  private static KeyStore clientKeyStore;

  private TestCertificates() {}

  /** Presents the certificate; trusts nobody (clients are not asked for one). */
  static SSLContext serverContext() throws IOException, GeneralSecurityException {
    return context(keyStore(), null);
  }

  /** Trusts the certificate only. */
  static SSLContext clientContext() throws IOException, GeneralSecurityException {
    return context(null, keyStore());
  }

  /** Presents the certificate and trusts it: either side of mutual authentication. */
  static SSLContext mutualContext() throws IOException, GeneralSecurityException {
    return context(keyStore(), keyStore());
  }

  /**
   * The server side of mutual TLS with two identities: presents the server's certificate and trusts
   * the client's only.
   */
  static SSLContext mutualServerContext() throws IOException, GeneralSecurityException {
    return context(keyStore(), clientKeyStore());
  }

  /**
   * The client side of mutual TLS with two identities: presents the client's certificate ({@value
   * #CLIENT_SUBJECT}) and trusts the server's only.
   */
  static SSLContext mutualClientContext() throws IOException, GeneralSecurityException {
    return context(clientKeyStore(), keyStore());
  }

  /** The JDK's default trust (the system's CAs), which does not know the certificate. */
  static SSLContext untrustingContext() throws GeneralSecurityException {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, null, null);
    return context;
  }

  /**
   * A context presenting the key of {@code keys} when there are keys, and trusting the certificate
   * of {@code trust} when there is one.
   */
  private static SSLContext context(@Nullable KeyStore keys, @Nullable KeyStore trust)
      throws IOException, GeneralSecurityException {
    SSLContext context = SSLContext.getInstance("TLS");
    KeyManagerFactory kmf = null;
    if (keys != null) {
      kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, PASSWORD);
    }
    TrustManagerFactory tmf = null;
    if (trust != null) {
      KeyStore trusted = KeyStore.getInstance("PKCS12");
      trusted.load(null, null);
      Certificate certificate = trust.getCertificate(ALIAS);
      trusted.setCertificateEntry(ALIAS, certificate);
      tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trusted);
    }
    context.init(
        kmf == null ? null : kmf.getKeyManagers(),
        // Without trust managers a client would use the system's CAs; a server asking nobody for
        // a certificate never consults them.
        tmf == null ? null : tmf.getTrustManagers(),
        null);
    return context;
  }

  private static synchronized KeyStore keyStore() throws IOException, GeneralSecurityException {
    if (keyStore == null) {
      keyStore =
          generate(
              List.of("-dname", SERVER_SUBJECT, "-ext", "san=dns:localhost,ip:127.0.0.1,ip:::1"));
    }
    return keyStore;
  }

  private static synchronized KeyStore clientKeyStore()
      throws IOException, GeneralSecurityException {
    if (clientKeyStore == null) {
      clientKeyStore = generate(List.of("-dname", CLIENT_SUBJECT));
    }
    return clientKeyStore;
  }

  /**
   * Runs keytool into a temporary directory for a key pair named by {@code names} (its {@code
   * -dname}, and {@code -ext san=...} if any), loads the key store, and deletes the directory.
   */
  private static KeyStore generate(List<String> names)
      throws IOException, GeneralSecurityException {
    Path dir = Files.createTempDirectory("capas-tls-");
    try {
      Path store = dir.resolve("localhost.p12");
      Path log = dir.resolve("keytool.log");
      List<String> command = new ArrayList<>();
      command.addAll(
          List.of(
              keytool().toString(),
              "-genkeypair",
              "-alias",
              ALIAS,
              "-keyalg",
              "EC",
              "-groupname",
              "secp256r1"));
      command.addAll(names);
      command.addAll(
          List.of(
              "-validity",
              "2",
              "-storetype",
              "PKCS12",
              "-keystore",
              store.toString(),
              "-storepass",
              new String(PASSWORD)));
      Process keytool =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      try {
        if (!keytool.waitFor(KEYTOOL_SECONDS, TimeUnit.SECONDS)) {
          throw new IOException("keytool (pid " + keytool.pid() + ") did not finish in time");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted waiting for keytool", e);
      } finally {
        if (keytool.isAlive()) {
          keytool.destroyForcibly();
        }
      }
      if (keytool.exitValue() != 0) {
        throw new IOException(
            "keytool exited with "
                + keytool.exitValue()
                + ": "
                + Files.readString(log, StandardCharsets.UTF_8));
      }
      KeyStore loaded = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(store)) {
        loaded.load(in, PASSWORD);
      }
      return loaded;
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /** The keytool next to the running java. */
  private static Path keytool() {
    Path bin =
        ProcessHandle.current()
            .info()
            .command()
            .map(command -> Path.of(command).getParent())
            .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin"));
    Path tool = bin.resolve("keytool");
    return Files.isExecutable(tool)
        ? tool
        : Path.of(System.getProperty("java.home"), "bin", "keytool");
  }
}
