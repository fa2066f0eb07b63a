package io.capas.xmlrpc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.MalformedInputException;
import org.jspecify.annotations.Nullable;

/**
 * Decodes a byte stream (UTF-16) and re-encodes its characters as UTF-8, a few kilobytes at a time,
 * so that the lexer reads UTF-16 documents through its UTF-8 path without holding the whole
 * document.
 *
 * <p>Errors are positional: the characters before a malformed sequence (an unpaired surrogate, a
 * truncated unit) are all delivered first, and the {@link MalformedInputException} comes with the
 * read after them. So the lexer meets the first problem of a document in document order however its
 * bytes arrive: a whole document read at once and one trickled in small reads fail alike ({@code
 * InputStreamReader} instead drops the characters it decoded in the same read as the error). Bytes
 * are read from the source only when nothing decoded is left, so a limit on the source, too, is met
 * in document order.
 *
 * <p>Not thread-safe; one instance per document.
 */
final class Utf8TranscodingInputStream extends InputStream {
  private final InputStream in;
  private final CharsetDecoder decoder;
  private final ByteBuffer bytes = ByteBuffer.allocate(4096).flip(); // read mode, empty
  private final CharBuffer chars = CharBuffer.allocate(2048);
  private int highSurrogate = -1;
  private boolean eof;
  private boolean flushed;

  /** A malformed sequence found after characters still to be delivered: thrown next read. */
  private @Nullable CharacterCodingException failure;

  /** {@code decoder} must report malformed and unmappable input. */
  Utf8TranscodingInputStream(InputStream in, CharsetDecoder decoder) {
    this.in = in;
    this.decoder = decoder;
  }

  /** Not supported: a character may need four bytes; the lexer reads blocks. */
  @Override
  public int read() {
    throw new UnsupportedOperationException("read blocks of at least 4 bytes");
  }

  /** Reads at least 4 bytes' room: {@code len} below 4 is an {@link IOException}. */
  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (len < 4) {
      throw new IOException("read buffer too small: " + len);
    }
    // Each char yields at most 3 bytes (a pair yields 4 for two chars).
    int want = Math.max(1, Math.min(chars.capacity(), (len - 3) / 3));
    for (; ; ) { // one pass per decoded run; only a lone high surrogate so far goes round again
      if (!decode(want)) {
        if (highSurrogate >= 0) {
          throw new MalformedInputException(1);
        }
        return -1;
      }
      int p = encode(b, off);
      if (p > off) {
        return p - off;
      }
    }
  }

  /**
   * Decodes up to {@code want} chars into {@link #chars} (flipped for reading).
   *
   * @return false at the end of the input
   */
  private boolean decode(int want) throws IOException {
    CharacterCodingException pending = failure;
    if (pending != null) {
      throw pending;
    }
    chars.clear().limit(want);
    if (flushed) {
      return false;
    }
    for (; ; ) {
      CoderResult result = decoder.decode(bytes, chars, eof);
      if (result.isError()) {
        failure = new MalformedInputException(Math.max(1, result.length()));
        if (chars.position() > 0) {
          break; // deliver what came before it
        }
        throw failure;
      }
      if (result.isOverflow() || chars.position() > 0) {
        break;
      }
      if (eof) {
        decoder.flush(chars); // nothing for UTF-16; the decoder is done either way
        flushed = true;
        if (chars.position() == 0) {
          return false;
        }
        break;
      }
      bytes.compact();
      int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
      if (n < 0) {
        eof = true;
      } else {
        bytes.position(bytes.position() + n);
      }
      bytes.flip();
    }
    chars.flip();
    return true;
  }

  /** UTF-8 of the decoded chars into {@code b} from {@code off}; returns the end. */
  private int encode(byte[] b, int off) {
    int p = off;
    while (chars.hasRemaining()) {
      char c = chars.get();
      if (highSurrogate >= 0) {
        if (!Character.isLowSurrogate(c)) {
          return malformedAt(p, off);
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
        return malformedAt(p, off);
      } else {
        b[p++] = (byte) (0xE0 | (c >> 12));
        b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        b[p++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    return p;
  }

  /** An unpaired surrogate at {@code p}: what came before it is delivered, then the failure. */
  private int malformedAt(int p, int off) {
    failure = new MalformedInputException(1);
    chars.position(chars.limit());
    highSurrogate = -1;
    return p > off ? p : off;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
