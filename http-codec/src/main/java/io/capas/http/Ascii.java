package io.capas.http;

/** Character classes of RFC 9110 §5.6.2 and §5.5. */
final class Ascii {
  private static final boolean[] TCHAR = new boolean[128];

  static {
    for (char c = '0'; c <= '9'; c++) {
      TCHAR[c] = true;
    }
    for (char c = 'a'; c <= 'z'; c++) {
      TCHAR[c] = true;
      TCHAR[c - 'a' + 'A'] = true;
    }
    for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
      TCHAR[c] = true;
    }
  }

  private Ascii() {}

  static boolean isTchar(int c) {
    return c >= 0 && c < 128 && TCHAR[c];
  }

  /** field-vchar / SP / HTAB, obs-text included (RFC 9110 §5.5). */
  static boolean isFieldValueChar(int c) {
    return c == '\t' || (c >= 0x20 && c != 0x7f && c <= 0xff);
  }

  /** Bytes allowed in a request-target: visible ASCII (RFC 9112 §3.2, RFC 3986). */
  static boolean isTargetChar(int c) {
    return c > 0x20 && c < 0x7f;
  }
}
