package io.capas.examples;

import java.net.ProtocolException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON the chat example needs, and no more: one object whose members are all strings, written
 * and read with the escapes of RFC 8259 section 7. Anything else (numbers, nesting, arrays) is
 * refused with a {@link ProtocolException}. Thread-safe (static methods only).
 */
final class FlatJson {
  /** The most members one object may have. */
  static final int MAX_MEMBERS = 64;

  private FlatJson() {}

  /** {@code {"name": "value", ...}}. */
  static String write(Map<String, String> members) {
    StringBuilder out = new StringBuilder("{");
    for (Map.Entry<String, String> member : members.entrySet()) {
      if (out.length() > 1) {
        out.append(", ");
      }
      quote(out, member.getKey());
      out.append(": ");
      quote(out, member.getValue());
    }
    return out.append('}').toString();
  }

  private static void quote(StringBuilder out, String text) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  /** Reads one object of string members. */
  static Map<String, String> read(String json) throws ProtocolException {
    Parser p = new Parser(json);
    Map<String, String> members = new LinkedHashMap<>();
    p.skipSpace();
    p.expect('{');
    p.skipSpace();
    if (p.peek() == '}') {
      p.next();
    } else {
      while (true) {
        if (members.size() == MAX_MEMBERS) {
          throw new ProtocolException("more than " + MAX_MEMBERS + " members");
        }
        p.skipSpace();
        String name = p.string();
        p.skipSpace();
        p.expect(':');
        p.skipSpace();
        members.put(name, p.string());
        p.skipSpace();
        char c = p.next();
        if (c == '}') {
          break;
        }
        if (c != ',') {
          throw p.error("expected , or }");
        }
      }
    }
    p.skipSpace();
    if (!p.atEnd()) {
      throw p.error("text after the object");
    }
    return members;
  }

  /** Not thread-safe; one per document. */
  private static final class Parser {
    private final String text;
    private int at;

    Parser(String text) {
      this.text = text;
    }

    boolean atEnd() {
      return at >= text.length();
    }

    char peek() throws ProtocolException {
      if (atEnd()) {
        throw error("unexpected end");
      }
      return text.charAt(at);
    }

    char next() throws ProtocolException {
      char c = peek();
      at++;
      return c;
    }

    void expect(char c) throws ProtocolException {
      if (next() != c) {
        throw error("expected " + c);
      }
    }

    void skipSpace() {
      while (!atEnd() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
        at++;
      }
    }

    String string() throws ProtocolException {
      expect('"');
      StringBuilder out = new StringBuilder();
      while (true) {
        char c = next();
        if (c == '"') {
          return out.toString();
        }
        if (c < 0x20) {
          throw error("control character in a string");
        }
        if (c != '\\') {
          out.append(c);
          continue;
        }
        char e = next();
        switch (e) {
          case '"', '\\', '/' -> out.append(e);
          case 'b' -> out.append('\b');
          case 'f' -> out.append('\f');
          case 'n' -> out.append('\n');
          case 'r' -> out.append('\r');
          case 't' -> out.append('\t');
          case 'u' -> {
            if (at + 4 > text.length()) {
              throw error("short \\u escape");
            }
            try {
              out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
            } catch (NumberFormatException ex) {
              throw error("bad \\u escape");
            }
            at += 4;
          }
          default -> throw error("bad escape \\" + e);
        }
      }
    }

    ProtocolException error(String what) {
      return new ProtocolException("JSON: " + what + " at offset " + at);
    }
  }
}
