package io.capas.benchmarks;

import java.io.IOException;
import java.io.InputStream;

/**
 * The few HTTP bytes the load generators need, kept minimal on purpose so that they cost little
 * next to the servers they measure: read one response by its Content-Length, look for a marker.
 */
public final class CannedHttp {

  /** The largest response body a load generator accepts. */
  private static final int MAX_BODY = 1 << 20;

  private CannedHttp() {}

  /** Reads one response head and returns its body, read by Content-Length. */
  public static byte[] readResponse(InputStream in) throws IOException {
    long length = -1;
    StringBuilder line = new StringBuilder();
    for (int b; (b = in.read()) >= 0; ) {
      if (b == '\n') {
        String text = line.toString().strip();
        if (text.isEmpty()) {
          break;
        }
        if (text.regionMatches(true, 0, "Content-Length:", 0, 15)) {
          length = Long.parseLong(text.substring(15).strip());
        }
        line.setLength(0);
      } else {
        line.append((char) b);
      }
    }
    if (length < 0 || length > MAX_BODY) {
      throw new IOException("no usable Content-Length in the response (" + length + ")");
    }
    return in.readNBytes((int) length);
  }

  /** Whether {@code needle} occurs in {@code haystack}. */
  public static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
