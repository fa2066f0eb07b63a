package io.capas.testing.codec;

import java.util.Arrays;

/** Hex text to bytes and back, for golden files and failure messages. Thread-safe. */
public final class Hex {
  private static final char[] DIGITS = "0123456789abcdef".toCharArray();

  private Hex() {}

  /**
   * Parses pairs of hex digits; whitespace is ignored and {@code #} starts a comment to the end of
   * the line.
   *
   * @throws IllegalArgumentException on a non-hex character or an odd number of digits
   */
  public static byte[] parse(CharSequence text) {
    byte[] out = new byte[text.length() / 2 + 1];
    int n = 0;
    int high = -1;
    boolean comment = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (comment) {
        comment = c != '\n';
        continue;
      }
      if (c == '#') {
        comment = true;
        continue;
      }
      if (Character.isWhitespace(c)) {
        continue;
      }
      int digit = Character.digit(c, 16);
      if (digit < 0) {
        throw new IllegalArgumentException("not a hex digit at index " + i + ": '" + c + "'");
      }
      if (high < 0) {
        high = digit;
      } else {
        out[n++] = (byte) ((high << 4) | digit);
        high = -1;
      }
    }
    if (high >= 0) {
      throw new IllegalArgumentException("odd number of hex digits");
    }
    return Arrays.copyOf(out, n);
  }

  /** Lower-case hex of all bytes, no separators. */
  public static String format(byte[] bytes) {
    return format(bytes, 0, bytes.length);
  }

  /** Lower-case hex of {@code bytes[from, to)}, no separators. */
  public static String format(byte[] bytes, int from, int to) {
    StringBuilder sb = new StringBuilder((to - from) * 2);
    for (int i = from; i < to; i++) {
      sb.append(DIGITS[(bytes[i] >> 4) & 0xf]).append(DIGITS[bytes[i] & 0xf]);
    }
    return sb.toString();
  }
}
