package io.capas.transport.tcp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed EC certificate for {@code localhost}, {@code 127.0.0.1} and {@code ::1}, made once
 * per test run by the JDK's {@code keytool} (no test dependency), and the JSSE contexts built on
 * it. Safe for concurrent use.
 */
final class TestCertificates {

  private static final char[] PASSWORD = "changeit".toCharArray();
  private static final String ALIAS = "capas-test";
  private static final long KEYTOOL_SECONDS = 120;

  private static KeyStore keyStore;

  private TestCertificates() {}

  /** Presents the certificate; trusts nobody (clients are not asked for one). */
  static SSLContext serverContext() throws IOException, GeneralSecurityException {
    return context(true, false);
  }

  /** Trusts the certificate only. */
  static SSLContext clientContext() throws IOException, GeneralSecurityException {
    return context(false, true);
  }

  /** Presents the certificate and trusts it: either side of mutual authentication. */
  static SSLContext mutualContext() throws IOException, GeneralSecurityException {
    return context(true, true);
  }

  /** The JDK's default trust (the system's CAs), which does not know the certificate. */
  static SSLContext untrustingContext() throws GeneralSecurityException {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, null, null);
    return context;
  }

  private static SSLContext context(boolean withKey, boolean withTrust)
      throws IOException, GeneralSecurityException {
    KeyStore keys = keyStore();
    SSLContext context = SSLContext.getInstance("TLS");
    KeyManagerFactory kmf = null;
    if (withKey) {
      kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, PASSWORD);
    }
    TrustManagerFactory tmf = null;
    if (withTrust) {
      KeyStore trusted = KeyStore.getInstance("PKCS12");
      trusted.load(null, null);
      Certificate certificate = keys.getCertificate(ALIAS);
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
      keyStore = generate();
    }
    return keyStore;
  }

  /** Runs keytool into a temporary directory, loads the key store, and deletes the directory. */
  private static KeyStore generate() throws IOException, GeneralSecurityException {
    Path dir = Files.createTempDirectory("capas-tls-");
    try {
      Path store = dir.resolve("localhost.p12");
      Path log = dir.resolve("keytool.log");
      Process keytool =
          new ProcessBuilder(
                  List.of(
                      keytool().toString(),
                      "-genkeypair",
                      "-alias",
                      ALIAS,
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
                      new String(PASSWORD)))
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
