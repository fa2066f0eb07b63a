package io.capas.xmlrpc;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A pull tokenizer for the subset of XML 1.0 that XML-RPC documents use, over the bytes of an
 * {@link XmlInput} (which reads the stream, detects the encoding and transcodes UTF-16).
 *
 * <p>It understands elements with attributes (attributes are checked for syntax and ignored),
 * character data with the five predefined entities and character references, CDATA sections,
 * comments and processing instructions (skipped), and the XML end-of-line rule (CR LF and lone CR
 * become LF; <code>&amp;#13;</code> stays CR).
 *
 * <p>Each {@link #next} (or one of the quick paths) reads one token: the character data before a
 * tag, then the tag. The parser sees them through accessors: {@link #tag()}, {@link #isEnd()} and
 * {@link #isSelfClosing()} for the tag, {@link #text()} up to {@link #textLength()} and {@link
 * #isWhitespaceText()} for the character data. The text buffer is reused by the next token.
 *
 * <p>There is no DTD code path: {@code <!DOCTYPE} fails at once with {@link MalformedXmlException},
 * so no entity is ever declared, expanded or fetched. Every loop consumes input, and input is
 * bounded by {@link XmlRpcLimits#maxDocumentBytes()}, so the lexer always ends.
 *
 * <p>Not thread-safe; one instance per document.
 */
final class XmlLexer {
  /** What character data may appear before the next tag. */
  enum TextMode {
    /** Keep it in {@link #text()}. */
    KEEP,
    /** Whitespace only, else the document is not XML-RPC (-32600). */
    WHITESPACE,
    /** Whitespace only, else the document is not XML (prolog, epilog: -32700). */
    PROLOG
  }

  private static final int MAX_NAME = 64;
  private static final int MAX_TAG_BYTES = 8192;

  private final XmlRpcLimits limits;
  private final XmlInput input;
  private int elements;

  // The last tag read.
  private Tag tag = Tag.UNKNOWN;
  private boolean end;
  private boolean selfClosing;
  private final byte[] name = new byte[MAX_NAME];
  private int nameLen;
  private long nameKey; // name packed big-endian (its last eight bytes when longer)
  // The fast path leaves the name in the input's buffer at nameStart; spillName() copies it to
  // name before the input refills that buffer.
  private boolean nameInBuf;
  private @Nullable Tag quickTag; // set by readName when its quickest path recognised the name
  private int nameStart;
  private final byte[] ref = new byte[12];

  // The character data before the last tag, kept in KEEP mode.
  private char[] text = new char[64];
  private int textLen;
  private boolean textWhitespace;

  XmlLexer(InputStream in, XmlRpcLimits limits) throws IOException {
    this.limits = limits;
    this.input = new XmlInput(in, limits, this::spillName);
  }

  /** The input's refill hook: the name of the last tag must outlive the buffer it was read in. */
  private void spillName() {
    if (nameInBuf) {
      System.arraycopy(input.buffer(), nameStart, name, 0, nameLen);
      nameInBuf = false;
    }
  }

  // ---------------------------------------------------------------- token

  /** The last tag read ({@link Tag#UNKNOWN} for a name that is no XML-RPC element). */
  Tag tag() {
    return tag;
  }

  /** Whether the last tag is an end tag. */
  boolean isEnd() {
    return end;
  }

  /** Whether the last tag is an empty-element tag ({@code <name/>}). */
  boolean isSelfClosing() {
    return selfClosing;
  }

  /** The character data before the last tag (KEEP mode), valid up to {@link #textLength()}. */
  char[] text() {
    return text;
  }

  /** How many chars of {@link #text()} hold the character data. */
  int textLength() {
    return textLen;
  }

  /** Whether the character data before the last tag is whitespace only (or empty). */
  boolean isWhitespaceText() {
    return textWhitespace;
  }

  /** Empties the character data (the text of an empty element). */
  void clearText() {
    textLen = 0;
    textWhitespace = true;
  }

  /** The name of the last tag, for messages. */
  String tagName() {
    return nameInBuf
        ? new String(input.buffer(), nameStart, nameLen, StandardCharsets.UTF_8)
        : new String(name, 0, nameLen, StandardCharsets.UTF_8);
  }

  /** The character data as a String. */
  String textString() {
    return new String(text, 0, textLen);
  }

  /** How many bytes of the document come before the next one to read, for messages. */
  long offset() {
    return input.offset();
  }

  TruncatedXmlException truncated() {
    return input.truncated();
  }

  MalformedXmlException malformed(String what) {
    return input.malformed(what);
  }

  // ---------------------------------------------------------------- prolog

  /** Sniffs the encoding (BOM, first bytes, XML declaration) and positions before the root. */
  void start() throws IOException {
    input.start();
  }

  // ---------------------------------------------------------------- content

  /**
   * Reads character data and the next start or end tag: the token the accessors then describe (the
   * character data only in KEEP mode).
   *
   * @return false at a clean end of input, which only {@code eofAllowed} permits
   */
  boolean next(TextMode mode, boolean eofAllowed) throws IOException {
    textLen = 0;
    textWhitespace = true;
    return resume(mode, eofAllowed);
  }

  /** {@link #next} keeping the text already gathered (after a fast path that did not finish). */
  boolean resume(TextMode mode, boolean eofAllowed) throws IOException {
    boolean keep = mode == TextMode.KEEP;
    for (; ; ) {
      if (keep) {
        asciiRun();
      } else {
        skipWhitespace();
      }
      int c = input.read();
      if (c < 0) {
        if (eofAllowed) {
          return false;
        }
        throw truncated();
      }
      if (c == '<') {
        int d = input.readByte();
        if (d == '/') {
          endTag();
          return true;
        } else if (d == '!') {
          bang(mode);
        } else if (d == '?') {
          skipProcessingInstruction();
        } else {
          startTag(d);
          return true;
        }
      } else if (c == '&') {
        character(mode, reference());
      } else if (c < 0x80) {
        if (c < 0x20) {
          c = control(c);
        }
        character(mode, c);
      } else {
        character(mode, input.decode(c));
      }
    }
  }

  /**
   * The fast path outside text: skips the whitespace in the buffer (a CR too: it would only become
   * an LF that is skipped the same way).
   */
  void skipWhitespace() {
    XmlInput in = input;
    byte[] b = in.buffer();
    int p = in.position();
    int l = in.limit();
    while (p < l) {
      int c = b[p];
      if (c != '\n' && c != ' ' && c != '\t' && c != '\r') {
        break;
      }
      p++;
    }
    in.position(p);
  }

  /** The fast path: copies plain printable ASCII straight from the buffer. */
  private void asciiRun() throws XmlRpcLimitExceededException {
    XmlInput in = input;
    byte[] b = in.buffer();
    int p = in.position();
    int l = in.limit();
    char[] t = text;
    int n = textLen;
    boolean ws = textWhitespace;
    while (p < l) {
      int c = b[p];
      if (c < 0x20 || c == '<' || c == '&') {
        break;
      }
      if (n == t.length) {
        textLen = n;
        growText(n + 1);
        t = text;
      }
      t[n++] = (char) c;
      ws &= c == ' ';
      p++;
    }
    in.position(p);
    textLen = n;
    textWhitespace = ws;
    if (n > limits.maxStringLength()) {
      throw new XmlRpcLimitExceededException("maxStringLength", limits.maxStringLength());
    }
  }

  /** What {@link #quickInt()} returns when the fast path does not apply. */
  static final long NO_QUICK_INT = Long.MIN_VALUE;

  /**
   * The fast path for an int's text: an optional '-' and one to nine digits followed at once by
   * "&lt;/", all already in the buffer, are consumed and returned without copying; anything else (a
   * sign '+', whitespace, ten digits, an entity, a comment, the end of the buffer) consumes nothing
   * and returns {@link #NO_QUICK_INT}, for the general path to read.
   */
  long quickInt() {
    XmlInput in = input;
    byte[] b = in.buffer();
    int l = in.limit();
    int p = in.position();
    boolean negative = p < l && b[p] == '-';
    if (negative) {
      p++;
    }
    int start = p;
    int max = Math.min(l, start + 9);
    int v = 0;
    while (p < max) {
      int d = b[p] - '0';
      if (d < 0 || d > 9) {
        break;
      }
      v = v * 10 + d;
      p++;
    }
    if (p == start || p + 1 >= l || b[p] != '<' || b[p + 1] != '/') {
      return NO_QUICK_INT;
    }
    in.position(p);
    return negative ? -v : v;
  }

  /**
   * The fast path for an end tag the parser expects: when the buffer holds exactly {@code </name>}
   * of {@code t} at the current position, consumes it and sets the fields as {@link #next} would
   * have (no text before it); otherwise consumes nothing and returns false.
   */
  boolean quickEnd(Tag t) {
    if (!at(t.close)) {
      return false;
    }
    textLen = 0;
    textWhitespace = true;
    took(t, true, t.close);
    return true;
  }

  /**
   * The fast path for a start tag the parser expects: when the buffer holds exactly {@code <name>}
   * of {@code t} at the current position (no attribute, no space), consumes it, counts the element
   * and sets the fields as {@link #next} would have (no text before it); otherwise consumes nothing
   * and returns false.
   */
  boolean quickStart(Tag t) throws XmlRpcLimitExceededException {
    if (!at(t.open)) {
      return false;
    }
    startedElement();
    textLen = 0;
    textWhitespace = true;
    took(t, false, t.open);
    return true;
  }

  /**
   * {@link #quickStart} for the first of {@code candidates} spelled at the current position;
   * returns false, consuming nothing, when none is.
   */
  boolean quickStartOf(Tag[] candidates) throws XmlRpcLimitExceededException {
    byte[] b = input.buffer();
    int p = input.position();
    if (p + 8 > input.limit() || b[p] != '<') {
      return false;
    }
    long w = (long) LE_LONG.get(b, p);
    for (Tag t : candidates) {
      Tag.Literal lit = t.open;
      if ((w & lit.mask) == lit.word && (lit.bytes.length <= 8 || rest(lit, p))) {
        startedElement();
        textLen = 0;
        textWhitespace = true;
        took(t, false, lit);
        return true;
      }
    }
    return false;
  }

  /**
   * The fast path for the text of an element the parser expects to hold text only: gathers plain
   * ASCII text, then when {@code </name>} of {@code t} follows in the buffer consumes it and
   * returns true, the fields set as {@link #next} would have. Otherwise returns false with the text
   * read so far kept: {@link #resume} in KEEP mode goes on from there.
   */
  boolean quickText(Tag t) throws XmlRpcLimitExceededException {
    textLen = 0;
    textWhitespace = true;
    asciiRun();
    if (!at(t.close)) {
      return false;
    }
    took(t, true, t.close);
    return true;
  }

  /** Whether {@code lit} is spelled at the current position, in the buffer. */
  private boolean at(Tag.Literal lit) {
    byte[] b = input.buffer();
    int p = input.position();
    int l = input.limit();
    int n = lit.bytes.length;
    if (p + 8 <= l) {
      long w = (long) LE_LONG.get(b, p);
      return (w & lit.mask) == lit.word && (n <= 8 || rest(lit, p));
    }
    if (p + n > l) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (b[p + i] != lit.bytes[i]) {
        return false;
      }
    }
    return true;
  }

  /** Whether the bytes of {@code lit} past its eighth follow at {@code p + 8}. */
  private boolean rest(Tag.Literal lit, int p) {
    byte[] l = lit.bytes;
    int n = l.length;
    if (p + n > input.limit()) {
      return false;
    }
    byte[] b = input.buffer();
    for (int i = 8; i < n; i++) {
      if (b[p + i] != l[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Sets the tag fields for {@code t} found spelled as {@code lit} at the current position, and
   * consumes it; the text fields are the caller's.
   */
  private void took(Tag t, boolean isEnd, Tag.Literal lit) {
    int p = input.position();
    int n = lit.bytes.length;
    tag = t;
    end = isEnd;
    selfClosing = false;
    nameInBuf = true;
    nameStart = p + (isEnd ? 2 : 1);
    nameLen = t.bytes.length;
    input.position(p + n);
  }

  private void startedElement() throws XmlRpcLimitExceededException {
    if (++elements > limits.maxElements()) {
      throw new XmlRpcLimitExceededException("maxElements", limits.maxElements());
    }
  }

  private void growText(int need) throws XmlRpcLimitExceededException {
    if (need > limits.maxStringLength() + 2) {
      throw new XmlRpcLimitExceededException("maxStringLength", limits.maxStringLength());
    }
    text = Arrays.copyOf(text, Math.max(need, text.length * 2));
  }

  private int control(int c) throws IOException {
    if (c == '\t' || c == '\n') {
      return c;
    }
    if (c == '\r') {
      // XML 1.0 section 2.11: CR LF and a lone CR both become LF.
      if (input.peek() == '\n') {
        input.position(input.position() + 1);
      }
      return '\n';
    }
    throw input.invalidChar(c);
  }

  private void character(TextMode mode, int cp) throws IOException {
    boolean ws = cp == ' ' || cp == '\n' || cp == '\t' || cp == '\r';
    if (mode != TextMode.KEEP) {
      if (!ws) {
        if (mode == TextMode.PROLOG) {
          throw malformed("text outside the root element");
        }
        throw new InvalidXmlRpcException("unexpected text at byte " + offset());
      }
      return;
    }
    textWhitespace &= ws;
    if (textLen + 2 > text.length) {
      growText(textLen + 2);
    }
    if (cp < 0x10000) {
      text[textLen++] = (char) cp;
    } else {
      text[textLen++] = Character.highSurrogate(cp);
      text[textLen++] = Character.lowSurrogate(cp);
    }
    if (textLen > limits.maxStringLength()) {
      throw new XmlRpcLimitExceededException("maxStringLength", limits.maxStringLength());
    }
  }

  static boolean isXmlChar(int cp) {
    return cp == 0x9
        || cp == 0xA
        || cp == 0xD
        || (cp >= 0x20 && cp <= 0xD7FF)
        || (cp >= 0xE000 && cp <= 0xFFFD)
        || (cp >= 0x10000 && cp <= 0x10FFFF);
  }

  /** After '&': a predefined entity or a character reference. Nothing else is ever expanded. */
  private int reference() throws IOException {
    byte[] r = ref;
    int n = 0;
    for (int c = input.readByte(); c != ';'; c = input.readByte()) {
      if (n == 12) {
        throw malformed("bad entity reference");
      }
      r[n++] = (byte) c;
    }
    if (n >= 2 && r[0] == '#') {
      int cp = 0;
      boolean hex = r[1] == 'x';
      int i = hex ? 2 : 1;
      if (i == n) {
        throw malformed("bad character reference");
      }
      for (; i < n; i++) {
        int d = Character.digit(r[i], hex ? 16 : 10);
        if (d < 0) {
          throw malformed("bad character reference");
        }
        cp = cp * (hex ? 16 : 10) + d;
        if (cp > 0x10FFFF) {
          throw input.invalidChar(cp);
        }
      }
      if (!isXmlChar(cp)) {
        throw input.invalidChar(cp);
      }
      return cp;
    }
    if (n == 2 && r[1] == 't' && (r[0] == 'l' || r[0] == 'g')) {
      return r[0] == 'l' ? '<' : '>';
    }
    if (n == 3 && r[0] == 'a' && r[1] == 'm' && r[2] == 'p') {
      return '&';
    }
    if (n == 4 && r[0] == 'q' && r[1] == 'u' && r[2] == 'o' && r[3] == 't') {
      return '"';
    }
    if (n == 4 && r[0] == 'a' && r[1] == 'p' && r[2] == 'o' && r[3] == 's') {
      return '\'';
    }
    throw malformed("undefined entity &" + new String(r, 0, n, StandardCharsets.ISO_8859_1) + ";");
  }

  /** After "<!": a comment, a CDATA section, or a refused DOCTYPE. */
  private void bang(TextMode mode) throws IOException {
    int c = input.readByte();
    if (c == '-') {
      if (input.readByte() != '-') {
        throw malformed("bad comment");
      }
      int dashes = 0;
      for (; ; ) {
        c = input.readByte();
        if (c == '>' && dashes >= 2) {
          return;
        }
        dashes = c == '-' ? dashes + 1 : 0;
      }
    }
    if (c == '[') {
      for (int i = 0; i < 6; i++) {
        if (input.readByte() != "CDATA[".charAt(i)) {
          throw malformed("bad CDATA section");
        }
      }
      if (mode == TextMode.PROLOG) {
        throw malformed("CDATA outside the root element");
      }
      cdata(mode);
      return;
    }
    if (c == 'D') {
      throw malformed("DOCTYPE is not allowed (no DTD processing)");
    }
    throw malformed("unexpected markup <!");
  }

  private void cdata(TextMode mode) throws IOException {
    int brackets = 0;
    for (; ; ) {
      int c = input.readByte();
      if (c == ']') {
        brackets++;
        continue;
      }
      if (c == '>' && brackets >= 2) {
        for (int i = 2; i < brackets; i++) {
          character(mode, ']');
        }
        return;
      }
      for (; brackets > 0; brackets--) {
        character(mode, ']');
      }
      if (c < 0x20) {
        c = control(c);
      } else if (c >= 0x80) {
        c = input.decode(c);
      }
      character(mode, c);
    }
  }

  private void skipProcessingInstruction() throws IOException {
    int prev = 0;
    for (; ; ) {
      int c = input.readByte();
      if (c == '>' && prev == '?') {
        return;
      }
      prev = c;
    }
  }

  // ---------------------------------------------------------------- tags

  private void startTag(int first) throws IOException {
    int c = readName(first);
    tag =
        quickTag != null
            ? quickTag
            : nameInBuf
                ? Tag.of(input.buffer(), nameStart, nameLen, nameKey)
                : Tag.of(name, 0, nameLen, nameKey);
    end = false;
    selfClosing = false;
    startedElement();
    int budget = MAX_TAG_BYTES;
    for (; ; ) {
      while (isWhitespace(c)) {
        c = input.readByte();
      }
      if (c == '>') {
        return;
      }
      if (c == '/') {
        if (input.readByte() != '>') {
          throw malformed("bad empty-element tag");
        }
        selfClosing = true;
        return;
      }
      // An attribute: name = "value". Checked for syntax, then ignored (xmlns:ex and the like).
      while (c != '=' && !isWhitespace(c)) {
        if (c == '<' || c == '>' || c == '/' || c == '"' || c == '\'' || --budget < 0) {
          throw malformed("bad attribute in <" + tagName() + ">");
        }
        c = input.readByte();
      }
      while (isWhitespace(c)) {
        c = input.readByte();
      }
      if (c != '=') {
        throw malformed("bad attribute in <" + tagName() + ">");
      }
      int q = input.readByte();
      while (isWhitespace(q)) {
        q = input.readByte();
      }
      if (q != '"' && q != '\'') {
        throw malformed("unquoted attribute in <" + tagName() + ">");
      }
      for (c = input.readByte(); c != q; c = input.readByte()) {
        if (c == '<' || --budget < 0) {
          throw malformed("bad attribute value in <" + tagName() + ">");
        }
      }
      c = input.readByte();
      if (!isWhitespace(c) && c != '>' && c != '/') {
        throw malformed("no space between attributes in <" + tagName() + ">");
      }
    }
  }

  private void endTag() throws IOException {
    int c = readName(input.readByte());
    tag =
        quickTag != null
            ? quickTag
            : nameInBuf
                ? Tag.of(input.buffer(), nameStart, nameLen, nameKey)
                : Tag.of(name, 0, nameLen, nameKey);
    end = true;
    selfClosing = false;
    while (isWhitespace(c)) {
      c = input.readByte();
    }
    if (c != '>') {
      throw malformed("bad end tag </" + tagName() + ">");
    }
  }

  /**
   * Reads a name starting with {@code first}, the byte just read (just before the input's
   * position), packing its bytes into {@link #nameKey} on the way (all of them when there are at
   * most eight, the case {@link Tag#of} looks the key up); returns the byte after it.
   *
   * <p>Fast path: when the name and the byte after it are in the buffer, the name is left there
   * ({@link #nameInBuf}) rather than copied; otherwise it is gathered in {@link #name}.
   */
  private int readName(int first) throws IOException {
    int c = first;
    if (!isNameByte(c) || (c >= '0' && c <= '9') || c == '-' || c == '.') {
      throw malformed("bad element name");
    }
    nameInBuf = false;
    quickTag = null;
    XmlInput in = input;
    byte[] b = in.buffer();
    int start = in.position();
    int lim = in.limit();
    if (start > 0 && start + 7 <= lim) {
      // Quicker still: a known name of one to seven bytes followed by '>', found in one 8-byte
      // read. The first byte is not 0, so the packed key fixes the length, and a key in the
      // table means the bytes are exactly that tag's name.
      long w = (long) LE_LONG.get(b, start - 1);
      long t = w ^ 0x3E3E3E3E3E3E3E3EL;
      long m = (t - 0x0101010101010101L) & ~t & 0x8080808080808080L;
      if (m != 0) {
        int len = Long.numberOfTrailingZeros(m) >>> 3; // the first '>' (exact for the lowest)
        if (len > 0) {
          long k = Long.reverseBytes(w) >>> (64 - 8 * len);
          Tag known = Tag.shortName(k);
          if (known != null) {
            quickTag = known;
            nameInBuf = true;
            nameStart = start - 1;
            nameLen = len;
            nameKey = k;
            in.position(start + len);
            return '>';
          }
        }
      }
    }
    if (start > 0) {
      int l = Math.min(lim, start + MAX_NAME - 1);
      int p = start;
      long k = c;
      while (p < l) {
        int x = b[p] & 0xFF;
        if (!NAME_BYTE[x]) {
          nameInBuf = true;
          nameStart = start - 1;
          nameLen = p - start + 1;
          nameKey = k;
          in.position(p + 1);
          return x;
        }
        k = (k << 8) | x;
        p++;
      }
    }
    byte[] nm = name;
    nm[0] = (byte) c;
    int len = 1;
    long key = c;
    for (; ; ) {
      b = in.buffer();
      start = in.position();
      lim = in.limit();
      int l = Math.min(lim, start + MAX_NAME + 1 - len);
      int p = start;
      while (p < l) {
        int x = b[p] & 0xFF;
        if (!NAME_BYTE[x]) {
          break;
        }
        key = (key << 8) | x;
        p++;
      }
      int n = p - start;
      if (len + n > MAX_NAME) {
        nameLen = len;
        throw malformed("element name longer than " + MAX_NAME + " bytes");
      }
      System.arraycopy(b, start, nm, len, n);
      len += n;
      in.position(p);
      if (p < lim) {
        in.position(p + 1);
        nameLen = len;
        nameKey = key;
        return b[p] & 0xFF;
      }
      nameLen = len;
      c = in.readByte();
      if (!isNameByte(c)) {
        nameKey = key;
        return c;
      }
      if (len == MAX_NAME) {
        throw malformed("element name longer than " + MAX_NAME + " bytes");
      }
      nm[len++] = (byte) c;
      key = (key << 8) | c;
    }
  }

  private static final VarHandle LE_LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private static final boolean[] NAME_BYTE = new boolean[256];

  static {
    for (int c = 0; c < 256; c++) {
      NAME_BYTE[c] =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '-'
              || c == '_'
              || c == ':'
              || c >= 0x80;
    }
  }

  private static boolean isNameByte(int c) {
    return NAME_BYTE[c];
  }

  static boolean isWhitespace(int c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
  }
}
