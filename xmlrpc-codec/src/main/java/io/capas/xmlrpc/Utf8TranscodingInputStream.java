package io.capas.xmlrpc;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;

/**
 * Re-encodes the characters of a reader as UTF-8, a few kilobytes at a time, so that the lexer
 * reads UTF-16 documents through its UTF-8 path without holding the whole document.
 */
final class Utf8TranscodingInputStream extends InputStream {
  private final Reader reader;
  private final char[] chars = new char[2048];
  private int highSurrogate = -1;

  Utf8TranscodingInputStream(Reader reader) {
    this.reader = reader;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    // Each char yields at most 3 bytes (a pair yields 4 for two chars).
    int want = Math.max(1, Math.min(chars.length, (len - 3) / 3));
    if (len < 4) {
      throw new IOException("read buffer too small: " + len);
    }
    int n;
    do {
      n = reader.read(chars, 0, want);
    } while (n == 0);
    if (n < 0) {
      if (highSurrogate >= 0) {
        throw new java.nio.charset.MalformedInputException(1);
      }
      return -1;
    }
    int p = off;
    for (int i = 0; i < n; i++) {
      char c = chars[i];
      if (highSurrogate >= 0) {
        if (!Character.isLowSurrogate(c)) {
          throw new java.nio.charset.MalformedInputException(1);
        }
        int cp = Character.toCodePoint((char) highSurrogate, c);
        highSurrogate = -1;
        b[p++] = (byte) (0xF0 | (cp >> 18));
        b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        b[p++] = (byte) (0x80 | (cp & 0x3F));
      } else if (c < 0x80) {
        b[p++] = (byte) c;
      } else if (c < 0x800) {
        b[p++] = (byte) (0xC0 | (c >> 6));
        b[p++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c)) {
        highSurrogate = c;
      } else if (Character.isLowSurrogate(c)) {
        throw new java.nio.charset.MalformedInputException(1);
      } else {
        b[p++] = (byte) (0xE0 | (c >> 12));
        b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        b[p++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    if (p == off) {
      // Only a high surrogate so far: read on (bounded by the input, which is limited).
      return read(b, off, len);
    }
    return p - off;
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
