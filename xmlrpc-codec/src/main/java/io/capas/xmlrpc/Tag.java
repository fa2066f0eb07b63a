package io.capas.xmlrpc;

import java.nio.charset.StandardCharsets;

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
  UNKNOWN("?");

  /** Known tags by name length, for a lookup that compares a handful of names at most. */
  private static final Tag[][] BY_LENGTH = byLength();

  final String xmlName;
  private final byte[] bytes;

  Tag(String xmlName) {
    this.xmlName = xmlName;
    this.bytes = xmlName.getBytes(StandardCharsets.US_ASCII);
  }

  private static Tag[][] byLength() {
    Tag[][] table = new Tag[17][];
    for (int len = 0; len < table.length; len++) {
      final int l = len;
      table[len] =
          java.util.Arrays.stream(values())
              .filter(t -> t != UNKNOWN && t.bytes.length == l)
              .toArray(Tag[]::new);
    }
    return table;
  }

  /** The tag named by {@code name[0..len)}. */
  static Tag of(byte[] name, int len) {
    if (len < BY_LENGTH.length) {
      for (Tag tag : BY_LENGTH[len]) {
        if (tag.bytes[0] == name[0] && matches(tag.bytes, name, 0, len)) {
          return tag;
        }
      }
    }
    for (int i = 0; i < len; i++) {
      if (name[i] == ':') {
        // A prefixed name: only Apache's ex:i8 and ex:nil are understood (any prefix).
        int off = i + 1;
        if (matches(I8.bytes, name, off, len - off)) {
          return I8;
        }
        if (matches(NIL.bytes, name, off, len - off)) {
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
