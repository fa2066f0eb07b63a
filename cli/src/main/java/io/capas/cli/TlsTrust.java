package io.capas.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import org.jspecify.annotations.Nullable;

/**
 * The TLS trust of {@code capas call https://...}: the JDK's trust store, plus the CAs of a PEM
 * file ({@code --cacert}), or nothing checked at all ({@code --insecure}).
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
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      if (insecure) {
        context.init(null, new TrustManager[] {new TrustingEveryone()}, null);
      } else if (cacert != null) {
        context.init(null, withExtraCas(cacert).getTrustManagers(), null);
      } else {
        return SSLContext.getDefault();
      }
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
    Collection<? extends Certificate> extra;
    try (InputStream in = Files.newInputStream(pem)) {
      extra = CertificateFactory.getInstance("X.509").generateCertificates(in);
    } catch (IOException | CertificateException e) {
      throw new Main.UsageException("cannot read --cacert " + pem + ": " + e.getMessage());
    }
    if (extra.isEmpty()) {
      throw new Main.UsageException("no certificate in --cacert " + pem);
    }
    for (Certificate certificate : extra) {
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
