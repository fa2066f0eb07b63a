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

  /** Whether {@code s} is a non-empty token. */
  static boolean isToken(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!isTchar(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code s} is a non-empty request-target of visible ASCII. */
  static boolean isTarget(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!isTargetChar(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** Bytes allowed in a request-target: visible ASCII (RFC 9112 §3.2, RFC 3986). */
  static boolean isTargetChar(int c) {
    return c > 0x20 && c < 0x7f;
  }
}
