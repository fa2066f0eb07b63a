package io.capas.cli;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;

/**
 * PEM files as nginx and most tools take them: certificates ({@code BEGIN CERTIFICATE}, a chain
 * leaf first) and an unencrypted PKCS#8 private key ({@code BEGIN PRIVATE KEY}; RSA, EC or
 * Ed25519). Every failure is a {@link Main.UsageException} naming the option and the file.
 */
final class Pem {
  private static final String KEY_BEGIN = "-----BEGIN PRIVATE KEY-----";
  private static final String KEY_END = "-----END PRIVATE KEY-----";
  private static final int MAX_FILE = 1024 * 1024;

  private Pem() {}

  /** The certificates of {@code file}, in order; at least one. */
  static List<Certificate> certificates(String option, Path file) {
    Collection<? extends Certificate> found;
    try (InputStream in = Files.newInputStream(file)) {
      found = CertificateFactory.getInstance("X.509").generateCertificates(in);
    } catch (IOException | CertificateException e) {
      throw new Main.UsageException("cannot read " + option + " " + file + ": " + e.getMessage());
    }
    if (found.isEmpty()) {
      throw new Main.UsageException("no certificate in " + option + " " + file);
    }
    return List.copyOf(found);
  }

  /** The private key of {@code file}. */
  static PrivateKey privateKey(String option, Path file) {
    String text;
    try {
      if (Files.size(file) > MAX_FILE) {
        throw new Main.UsageException(option + " " + file + " is larger than a key file can be");
      }
      text = Files.readString(file, US_ASCII);
    } catch (IOException e) {
      throw new Main.UsageException("cannot read " + option + " " + file + ": " + e.getMessage());
    }
    int begin = text.indexOf(KEY_BEGIN);
    int end = text.indexOf(KEY_END);
    if (begin < 0 || end < begin) {
      throw new Main.UsageException(
          option
              + " "
              + file
              + ": expected an unencrypted PKCS#8 key (BEGIN PRIVATE KEY); convert with"
              + " openssl pkcs8 -topk8 -nocrypt");
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(text.substring(begin + KEY_BEGIN.length(), end));
    } catch (IllegalArgumentException e) {
      throw new Main.UsageException(option + " " + file + ": bad base64: " + e.getMessage());
    }
    for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // Not this algorithm: try the next.
      }
    }
    throw new Main.UsageException(option + " " + file + ": not an RSA, EC or Ed25519 key");
  }

  /** Key managers presenting {@code key} with the chain of {@code certificates}. */
  static KeyManagerFactory keyManagers(
      Path certificates, Path key, String certOption, String keyOption) {
    List<Certificate> chain = certificates(certOption, certificates);
    PrivateKey privateKey = privateKey(keyOption, key);
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      char[] password = new char[0];
      store.setKeyEntry("capas", privateKey, password, chain.toArray(new Certificate[0]));
      KeyManagerFactory factory =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(store, password);
      return factory;
    } catch (IOException | GeneralSecurityException e) {
      throw new Main.UsageException(
          certOption + " and " + keyOption + " do not make a key pair: " + e.getMessage());
    }
  }
}
