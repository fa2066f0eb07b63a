package io.capas.xmlrpc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * The bytes of one XML document, as {@link XmlLexer} scans them: a buffer refilled from a blocking
 * stream that may return any number of bytes per read, the document's encoding, and the size limit.
 *
 * <p>{@link #start()} detects the encoding from the byte order mark, the first bytes and the XML
 * declaration. UTF-8, US-ASCII and ISO-8859-1 are scanned as they are (the lexer works on bytes,
 * and {@link #decode} turns a byte of 0x80 or more into its character); UTF-16 is transcoded to
 * UTF-8 on the fly ({@link Utf8TranscodingInputStream}), so the lexer only ever sees an
 * ASCII-compatible encoding. {@link XmlRpcLimits#maxDocumentBytes()} counts the bytes of the
 * document as sent, before any transcoding.
 *
 * <p>The lexer scans {@link #buffer()} in place between {@link #position()} and {@link #limit()}
 * and consumes with {@link #position(int)}: the accessors are trivial so that its loops compile to
 * plain array reads. {@link #fill()} may overwrite or replace the buffer; it runs the refill hook
 * given to the constructor first, so a caller holding offsets into the buffer can copy what it
 * still needs. Offsets in error messages are counted in bytes of the document as sent (of the
 * transcoded UTF-8 for UTF-16 input).
 *
 * <p>Not thread-safe; one instance per document. The stream is not closed.
 */
final class XmlInput {
  /** How a byte of 0x80 or more begins a character, after the encoding is known. */
  private enum Encoding {
    UTF8,
    ASCII,
    LATIN1
  }

  private static final int MIN_BUFFER = 512;
  private static final int MAX_BUFFER = 16 * 1024;
  private static final int MAX_DECLARATION_NAME = 64;
  private static final byte[] ENCODING = "encoding".getBytes(StandardCharsets.US_ASCII);

  private final XmlRpcLimits limits;
  private final Runnable beforeRefill;
  private InputStream in;
  private byte[] buf;
  private int pos;
  private int lim;
  private long consumed;
  private boolean countBytes = true;
  private boolean transcoded;
  private Encoding encoding = Encoding.UTF8;

  /**
   * @param beforeRefill run at the start of every {@link #fill()}, before the buffer may change
   */
  XmlInput(InputStream in, XmlRpcLimits limits, Runnable beforeRefill) throws IOException {
    this.in = in;
    this.limits = limits;
    this.beforeRefill = beforeRefill;
    int hint = in.available();
    this.buf = new byte[Math.max(MIN_BUFFER, Math.min(MAX_BUFFER, hint + 16))];
  }

  /**
   * The buffer; the bytes not yet consumed are those from {@link #position()} to {@link #limit}.
   */
  byte[] buffer() {
    return buf;
  }

  /** The index in {@link #buffer()} of the next byte to consume. */
  int position() {
    return pos;
  }

  /** Consumes the bytes before {@code newPosition}, which is at most {@link #limit()}. */
  void position(int newPosition) {
    pos = newPosition;
  }

  /** The index in {@link #buffer()} past the last byte read. */
  int limit() {
    return lim;
  }

  /**
   * Reads more bytes into the buffer, after the refill hook has run: at least one, unless at the
   * end of input. When every byte was consumed the buffer starts over at index 0, so offsets into
   * it become stale.
   *
   * @return false at the end of input
   * @throws XmlRpcLimitExceededException once the bytes before the limit are used up
   */
  boolean fill() throws IOException {
    beforeRefill.run();
    if (pos == lim) {
      pos = 0;
      lim = 0;
    } else if (lim == buf.length) {
      buf = Arrays.copyOf(buf, buf.length * 2); // only while sniffing the first bytes
    }
    int room = buf.length - lim;
    if (countBytes) {
      // The limit is met in document order: at most one byte past it is read, and it fails only
      // when the bytes before are used up, so an earlier error is the one reported however the
      // input is split into reads.
      if (consumed > limits.maxDocumentBytes()) {
        throw new XmlRpcLimitExceededException("maxDocumentBytes", limits.maxDocumentBytes());
      }
      long left = limits.maxDocumentBytes() - consumed;
      if (left < room) {
        room = (int) left + 1;
      }
    }
    int n;
    try {
      n = in.read(buf, lim, room);
    } catch (CharacterCodingException e) {
      throw new MalformedXmlException(
          FaultCodes.INVALID_CHARACTER, "malformed UTF-16 input near byte " + offset());
    }
    if (n < 0) {
      return false;
    }
    if (n == 0) {
      throw new IOException("input stream returned 0 bytes for a read of " + room);
    }
    lim += n;
    if (countBytes) {
      consumed += n;
    }
    return true;
  }

  /** The next byte, consumed, or -1 at the end of input. */
  int read() throws IOException {
    if (pos == lim && !fill()) {
      return -1;
    }
    return buf[pos++] & 0xFF;
  }

  /** The next byte, consumed; the end of input here is a truncation. */
  int readByte() throws IOException {
    if (pos == lim && !fill()) {
      throw truncated();
    }
    return buf[pos++] & 0xFF;
  }

  /** The next byte, not consumed, or -1 at the end of input. */
  int peek() throws IOException {
    if (pos == lim && !fill()) {
      return -1;
    }
    return buf[pos] & 0xFF;
  }

  /** How many bytes of the document come before the next one to consume. */
  long offset() {
    return countBytes ? consumed - (lim - pos) : pos;
  }

  TruncatedXmlException truncated() {
    return new TruncatedXmlException("unexpected end of input at byte " + offset());
  }

  MalformedXmlException malformed(String what) {
    return new MalformedXmlException(FaultCodes.NOT_WELL_FORMED, what + " at byte " + offset());
  }

  MalformedXmlException invalidChar(int c) {
    return new MalformedXmlException(
        FaultCodes.INVALID_CHARACTER,
        String.format(Locale.ROOT, "invalid character U+%04X at byte %d", c, offset()));
  }

  // ---------------------------------------------------------------- encoding

  /**
   * Sniffs the encoding (BOM, first bytes, XML declaration) and positions after the declaration.
   */
  void start() throws IOException {
    while (lim < 4 && fill()) {
      // gather up to four bytes
    }
    boolean utf8Bom = false;
    if (lim >= 3 && (buf[0] & 0xFF) == 0xEF && (buf[1] & 0xFF) == 0xBB && (buf[2] & 0xFF) == 0xBF) {
      pos = 3;
      utf8Bom = true;
    } else if (lim >= 2 && (buf[0] & 0xFF) == 0xFE && (buf[1] & 0xFF) == 0xFF) {
      transcode(StandardCharsets.UTF_16BE, 2);
    } else if (lim >= 2 && (buf[0] & 0xFF) == 0xFF && (buf[1] & 0xFF) == 0xFE) {
      transcode(StandardCharsets.UTF_16LE, 2);
    } else if (lim >= 4 && buf[0] == 0 && buf[1] == '<' && buf[2] == 0 && buf[3] == '?') {
      transcode(StandardCharsets.UTF_16BE, 0);
    } else if (lim >= 4 && buf[0] == '<' && buf[1] == 0 && buf[2] == '?' && buf[3] == 0) {
      transcode(StandardCharsets.UTF_16LE, 0);
    }
    while (lim - pos < 6 && fill()) {
      // gather "<?xml "
    }
    if (lim - pos >= 6
        && buf[pos] == '<'
        && buf[pos + 1] == '?'
        && buf[pos + 2] == 'x'
        && buf[pos + 3] == 'm'
        && buf[pos + 4] == 'l'
        && XmlLexer.isWhitespace(buf[pos + 5])) {
      pos += 6;
      declaration(utf8Bom);
    }
  }

  private void transcode(Charset charset, int skip) throws IOException {
    byte[] head = Arrays.copyOfRange(buf, skip, lim);
    InputStream raw =
        new SequenceInputStream(
            new ByteArrayInputStream(head),
            new LimitedInputStream(in, limits.maxDocumentBytes() - consumed));
    in =
        new Utf8TranscodingInputStream(
            raw,
            charset
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
    pos = 0;
    lim = 0;
    countBytes = false;
    transcoded = true;
    while (lim < 4 && fill()) {
      // refill with transcoded bytes
    }
  }

  /** After {@code "<?xml "}: the pseudo-attributes up to {@code ?>}; only the encoding counts. */
  private void declaration(boolean utf8Bom) throws IOException {
    String label = null;
    int budget = 256;
    for (; ; ) {
      if (--budget < 0) {
        throw malformed("XML declaration too long");
      }
      int c = readByte();
      if (XmlLexer.isWhitespace(c)) {
        continue;
      }
      if (c == '?') {
        if (readByte() != '>') {
          throw malformed("bad XML declaration");
        }
        break;
      }
      int nameLen = 0;
      boolean isEncoding = true; // the name read so far is a prefix of "encoding"
      while (c != '=' && !XmlLexer.isWhitespace(c)) {
        if (nameLen == MAX_DECLARATION_NAME || c == '?' || c == '>' || c == '<') {
          throw malformed("bad XML declaration");
        }
        isEncoding &= nameLen < ENCODING.length && c == ENCODING[nameLen];
        nameLen++;
        c = readByte();
      }
      while (XmlLexer.isWhitespace(c)) {
        c = readByte();
      }
      if (c != '=') {
        throw malformed("bad XML declaration");
      }
      int q = readByte();
      while (XmlLexer.isWhitespace(q)) {
        q = readByte();
      }
      if (q != '"' && q != '\'') {
        throw malformed("bad XML declaration");
      }
      StringBuilder value = new StringBuilder();
      for (int v = readByte(); v != q; v = readByte()) {
        if (value.length() == 64 || v < 0x20 || v >= 0x80 || v == '<') {
          throw malformed("bad XML declaration");
        }
        value.append((char) v);
      }
      if (isEncoding && nameLen == ENCODING.length) {
        label = value.toString();
      }
    }
    if (label == null) {
      return;
    }
    String lower = label.toLowerCase(Locale.ROOT);
    if (transcoded) {
      if (!lower.startsWith("utf-16") && !lower.startsWith("utf16")) {
        throw unsupported(label + " declared in a UTF-16 document");
      }
      return;
    }
    encoding =
        switch (lower) {
          case "utf-8", "utf8" -> Encoding.UTF8;
          case "us-ascii", "ascii" -> Encoding.ASCII;
          case "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1" ->
              Encoding.LATIN1;
          default -> throw unsupported(label);
        };
    if (utf8Bom && encoding != Encoding.UTF8) {
      throw unsupported(label + " declared after a UTF-8 byte order mark");
    }
  }

  private static MalformedXmlException unsupported(String what) {
    return new MalformedXmlException(
        FaultCodes.UNSUPPORTED_ENCODING, "unsupported encoding: " + what);
  }

  /**
   * The character that begins with {@code c}, a byte of 0x80 or more just consumed, in the
   * document's encoding; the rest of a UTF-8 sequence is consumed too.
   */
  int decode(int c) throws IOException {
    switch (encoding) {
      case LATIN1 -> {
        return c;
      }
      case ASCII -> throw invalidChar(c);
      default -> {
        int cp;
        int min;
        int n;
        if (c >= 0xC2 && c <= 0xDF) {
          cp = c & 0x1F;
          n = 1;
          min = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
          cp = c & 0x0F;
          n = 2;
          min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
          cp = c & 0x07;
          n = 3;
          min = 0x10000;
        } else {
          throw badUtf8();
        }
        for (int i = 0; i < n; i++) {
          int b = readByte();
          if ((b & 0xC0) != 0x80) {
            throw badUtf8();
          }
          cp = (cp << 6) | (b & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || !XmlLexer.isXmlChar(cp)) {
          throw badUtf8();
        }
        return cp;
      }
    }
  }

  private MalformedXmlException badUtf8() {
    return new MalformedXmlException(
        FaultCodes.INVALID_CHARACTER, "invalid UTF-8 sequence at byte " + offset());
  }
}
