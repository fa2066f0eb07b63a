package io.capas.cli;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import org.jspecify.annotations.Nullable;

/**
 * The TLS contexts of the command: for {@code capas call https://...}, the JDK's trust store, plus
 * the CAs of a PEM file ({@code --cacert}), or nothing checked at all ({@code --insecure}), and a
 * client certificate ({@code --cert --key}); for {@code capas serve}, its certificate and key
 * ({@code --tls-cert --tls-key}) and the CAs of the clients it accepts ({@code --client-ca}).
 */
final class TlsTrust {
  private TlsTrust() {}

  /**
   * The context for {@code cacert} (null: the JDK's trust store alone) or, when {@code insecure},
   * one that accepts any certificate for any name.
   *
   * @throws Main.UsageException the file cannot be read or holds no certificate
   */
  static SSLContext context(@Nullable Path cacert, boolean insecure) {
    return context(cacert, insecure, null, null);
  }

  /**
   * The client's context: trust as {@link #context(Path, boolean)}, and when {@code cert} and
   * {@code key} are given, the client certificate presented for mutual TLS.
   */
  static SSLContext context(
      @Nullable Path cacert, boolean insecure, @Nullable Path cert, @Nullable Path key) {
    if ((cert == null) != (key == null)) {
      throw new Main.UsageException("--cert and --key go together");
    }
    try {
      if (!insecure && cacert == null && cert == null) {
        return SSLContext.getDefault();
      }
      SSLContext context = SSLContext.getInstance("TLS");
      TrustManager[] trust =
          insecure
              ? new TrustManager[] {new TrustingEveryone()}
              : cacert != null ? withExtraCas(cacert).getTrustManagers() : null;
      KeyManager[] keys =
          cert == null || key == null
              ? null
              : Pem.keyManagers(cert, key, "--cert", "--key").getKeyManagers();
      context.init(keys, trust, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new Main.UsageException("cannot set up TLS: " + e.getMessage());
    }
  }

  /**
   * The server's context of {@code capas serve --tls-cert --tls-key [--client-ca]}: the chain and
   * key it presents, and when {@code clientCa} is given, the CAs whose client certificates it
   * accepts (the caller then requires one).
   */
  static SSLContext serverContext(Path cert, Path key, @Nullable Path clientCa) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      TrustManager[] trust = null;
      if (clientCa != null) {
        KeyStore cas = KeyStore.getInstance("PKCS12");
        try {
          cas.load(null, null);
        } catch (IOException e) {
          throw new GeneralSecurityException(e);
        }
        int n = 0;
        for (Certificate ca : Pem.certificates("--client-ca", clientCa)) {
          cas.setCertificateEntry("client-ca-" + n++, ca);
        }
        TrustManagerFactory factory =
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(cas);
        trust = factory.getTrustManagers();
      }
      context.init(
          Pem.keyManagers(cert, key, "--tls-cert", "--tls-key").getKeyManagers(), trust, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new Main.UsageException("cannot set up TLS: " + e.getMessage());
    }
  }

  /** The JDK's trust anchors and every certificate of {@code pem}. */
  private static TrustManagerFactory withExtraCas(Path pem) throws GeneralSecurityException {
    KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
    try {
      anchors.load(null, null);
    } catch (IOException e) {
      throw new GeneralSecurityException(e);
    }
    TrustManagerFactory system =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    system.init((KeyStore) null);
    int n = 0;
    for (TrustManager manager : system.getTrustManagers()) {
      if (manager instanceof X509TrustManager x509) {
        for (X509Certificate anchor : x509.getAcceptedIssuers()) {
          anchors.setCertificateEntry("system-" + n++, anchor);
        }
      }
    }
    for (Certificate certificate : Pem.certificates("--cacert", pem)) {
      anchors.setCertificateEntry("cacert-" + n++, certificate);
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(anchors);
    return factory;
  }

  /** --insecure: any chain, any name. Extended, so that no host name check runs either. */
  private static final class TrustingEveryone extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
