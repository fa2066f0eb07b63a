package io.capas.testing.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Loads golden files from the test class path under {@code golden/}.
 *
 * <p>A name ending in {@code .hex} is hex text: pairs of hex digits, whitespace ignored, {@code #}
 * starts a comment that runs to the end of the line. Any other file is returned byte for byte (mark
 * such files {@code -text} in {@code .gitattributes} so that CRLF survives). Immutable and
 * thread-safe (static methods only).
 */
public final class Golden {
  private Golden() {}

  /**
   * The bytes of {@code golden/<name>}: decoded hex for {@code .hex} files, exact bytes otherwise.
   */
  public static byte[] bytes(String name) {
    byte[] raw = raw(name);
    if (name.endsWith(".hex")) {
      return Hex.parse(new String(raw, StandardCharsets.US_ASCII));
    }
    return raw;
  }

  /** The exact bytes of {@code golden/<name>}, never hex-decoded. */
  public static byte[] raw(String name) {
    String path = "golden/" + name;
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = Golden.class.getClassLoader();
    }
    try (InputStream in = loader.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no golden file on the class path: " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read golden file " + path, e);
    }
  }

  /** The golden file as ISO-8859-1 text (one char per byte, so nothing is lost). */
  public static String latin1(String name) {
    return new String(bytes(name), StandardCharsets.ISO_8859_1);
  }
}
