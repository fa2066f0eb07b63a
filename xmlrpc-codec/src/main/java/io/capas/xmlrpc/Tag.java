package io.capas.xmlrpc;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * The element names of XML-RPC, recognised from raw bytes without allocating. {@code ex:i8} and
 * {@code ex:nil} (Apache's extension namespace, whatever the prefix) map to {@link #I8} and {@link
 * #NIL}; every other name is {@link #UNKNOWN}.
 */
enum Tag {
  METHOD_CALL("methodCall"),
  METHOD_RESPONSE("methodResponse"),
  METHOD_NAME("methodName"),
  PARAMS("params"),
  PARAM("param"),
  FAULT("fault"),
  VALUE("value"),
  I4("i4"),
  INT("int"),
  I8("i8"),
  BOOLEAN("boolean"),
  STRING("string"),
  DOUBLE("double"),
  DATE_TIME("dateTime.iso8601"),
  BASE64("base64"),
  STRUCT("struct"),
  MEMBER("member"),
  NAME("name"),
  ARRAY("array"),
  DATA("data"),
  NIL("nil"),
  /** Apache's {@code ex:bigdecimal}, recognised only with a prefix. */
  EX_BIG_DECIMAL("bigdecimal"),
  /** Apache's {@code ex:biginteger}, recognised only with a prefix. */
  EX_BIG_INTEGER("biginteger"),
  UNKNOWN("?");

  // Names of up to 8 bytes packed into a long, in a 64-slot open-addressing table; the four
  // longer names are compared directly.
  private static final int SLOTS = 64;
  private static final long[] KEYS = new long[SLOTS];
  private static final Tag[] SHORT = new Tag[SLOTS];
  private static final Tag[] LONG = {METHOD_CALL, METHOD_NAME, METHOD_RESPONSE, DATE_TIME};

  final String xmlName;

  // The next three are never written after construction; arrays (not immutable collections) so
  // the lexer's hot path compares raw bytes without allocating.
  @SuppressWarnings("ImmutableEnumChecker")
  final byte[] bytes; // xmlName in ASCII

  @SuppressWarnings("ImmutableEnumChecker")
  final Literal open; // "<name>"

  @SuppressWarnings("ImmutableEnumChecker")
  final Literal close; // "</name>"

  Tag(String xmlName) {
    this.xmlName = xmlName;
    this.bytes = xmlName.getBytes(StandardCharsets.US_ASCII);
    this.open = new Literal("<" + xmlName + ">");
    this.close = new Literal("</" + xmlName + ">");
  }

  /**
   * A tag spelled exactly, for the lexer's fast paths: the bytes, and the first eight of them as a
   * little-endian word with a mask, so that a tag of up to eight bytes is recognised by one read.
   */
  static final class Literal {
    final byte[] bytes;
    final long word;
    final long mask;

    Literal(String text) {
      this.bytes = text.getBytes(StandardCharsets.US_ASCII);
      long w = 0;
      long m = 0;
      for (int i = 0; i < Math.min(8, bytes.length); i++) {
        w |= (bytes[i] & 0xFFL) << (8 * i);
        m |= 0xFFL << (8 * i);
      }
      this.word = w;
      this.mask = m;
    }
  }

  static {
    for (Tag tag : values()) {
      if (tag != UNKNOWN && tag.bytes.length <= 8) {
        long key = pack(tag.bytes, 0, tag.bytes.length);
        int i = slot(key);
        while (SHORT[i] != null) {
          i = (i + 1) & (SLOTS - 1);
        }
        SHORT[i] = tag;
        KEYS[i] = key;
      }
    }
  }

  private static long pack(byte[] b, int off, int len) {
    long key = 0;
    for (int i = 0; i < len; i++) {
      key = (key << 8) | (b[off + i] & 0xFF);
    }
    return key;
  }

  private static int slot(long key) {
    return (int) ((key * 0x9E3779B97F4A7C15L) >>> 58);
  }

  /**
   * The tag whose name of at most eight bytes, packed big-endian, is {@code key}, or null. A key
   * whose top byte is not 0 fixes the name's length, so a hit means exactly that name.
   */
  static @Nullable Tag shortName(long key) {
    for (int i = slot(key); SHORT[i] != null; i = (i + 1) & (SLOTS - 1)) {
      if (KEYS[i] == key) {
        return SHORT[i];
      }
    }
    return null;
  }

  /**
   * The tag named by {@code name[off..off+len)}. When {@code len <= 8} the caller has already
   * packed the name into {@code key}, big-endian, as it scanned it (otherwise {@code key} is not
   * used).
   */
  static Tag of(byte[] name, int off, int len, long key) {
    if (len <= 8) {
      Tag tag = shortName(key);
      if (tag != null) {
        return tag;
      }
    } else {
      for (Tag tag : LONG) {
        if (matches(tag.bytes, name, off, len)) {
          return tag;
        }
      }
    }
    for (int i = 0; i < len; i++) {
      if (name[off + i] == ':') {
        // A prefixed name: only Apache's ex:i8, ex:nil, ex:bigdecimal and ex:biginteger are
        // understood (any prefix).
        int from = i + 1;
        if (matches(EX_BIG_DECIMAL.bytes, name, off + from, len - from)) {
          return EX_BIG_DECIMAL;
        }
        if (matches(EX_BIG_INTEGER.bytes, name, off + from, len - from)) {
          return EX_BIG_INTEGER;
        }
        if (matches(I8.bytes, name, off + from, len - from)) {
          return I8;
        }
        if (matches(NIL.bytes, name, off + from, len - from)) {
          return NIL;
        }
        return UNKNOWN;
      }
    }
    return UNKNOWN;
  }

  private static boolean matches(byte[] lit, byte[] name, int off, int len) {
    if (lit.length != len) {
      return false;
    }
    for (int i = 0; i < len; i++) {
      if (lit[i] != name[off + i]) {
        return false;
      }
    }
    return true;
  }
}
