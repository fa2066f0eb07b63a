package io.capas.cli;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The JSON mapping of {@code capas call}: one JSON literal per argument in, one JSON document out.
 *
 * <pre>
 *   123                        &lt;int&gt; (&lt;i8&gt; outside 32 bits)
 *   1.5, 1e3                   &lt;double&gt;
 *   true / false               &lt;boolean&gt;
 *   null                       &lt;nil/&gt;
 *   "text"                     &lt;string&gt;
 *   [ ... ] / { ... }          &lt;array&gt; / &lt;struct&gt;
 *   {"$dateTime.iso8601": "19980717T14:08:55"}   &lt;dateTime.iso8601&gt;
 *   {"$base64": "AAEC"}        &lt;base64&gt;
 * </pre>
 *
 * <p>Output uses the same mapping; a double always keeps a dot or an exponent. Nesting is limited
 * to {@value #MAX_DEPTH} levels. Stateless and thread-safe.
 */
final class Json {
  static final int MAX_DEPTH = 64;
  static final String DATE_KEY = "$dateTime.iso8601";
  static final String BASE64_KEY = "$base64";
  private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("uuuuMMdd'T'HH:mm:ss");

  private Json() {}

  /**
   * Parses one JSON text.
   *
   * @throws IllegalArgumentException with the position of the problem
   */
  static @Nullable Object parse(String text) {
    Parser p = new Parser(text);
    p.skipSpace();
    Object value = p.value(0);
    p.skipSpace();
    if (p.pos != text.length()) {
      throw p.error("unexpected text after the value");
    }
    return value;
  }

  static String write(@Nullable Object value) {
    StringBuilder out = new StringBuilder();
    write(value, out, 0);
    return out.toString();
  }

  private static void write(@Nullable Object value, StringBuilder out, int depth) {
    if (depth > 10_000) {
      throw new IllegalArgumentException("value nested too deeply");
    }
    switch (value) {
      case null -> out.append("null");
      case Boolean b -> out.append(b);
      case Integer i -> out.append(i);
      case Long l -> out.append(l);
      case Double d -> {
        if (!Double.isFinite(d)) {
          out.append("null");
        } else {
          out.append(Double.toString(d)); // always has a dot or an exponent
        }
      }
      case String s -> string(s, out);
      case LocalDateTime t -> {
        out.append("{");
        string(DATE_KEY, out);
        out.append(": ");
        string(ISO.format(t), out);
        out.append("}");
      }
      case OffsetDateTime t -> {
        // A received Z or offset (issue 15): printed in the same form, with the zone kept.
        out.append("{");
        string(DATE_KEY, out);
        out.append(": ");
        String zone = t.getOffset().equals(ZoneOffset.UTC) ? "Z" : t.getOffset().getId();
        string(ISO.format(t) + zone, out);
        out.append("}");
      }
      case byte[] bytes -> {
        out.append("{");
        string(BASE64_KEY, out);
        out.append(": ");
        string(Base64.getEncoder().encodeToString(bytes), out);
        out.append("}");
      }
      case List<?> list -> {
        out.append('[');
        for (int i = 0; i < list.size(); i++) {
          if (i > 0) {
            out.append(", ");
          }
          write(list.get(i), out, depth + 1);
        }
        out.append(']');
      }
      case Map<?, ?> map -> {
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : map.entrySet()) {
          if (!first) {
            out.append(", ");
          }
          first = false;
          string(String.valueOf(e.getKey()), out);
          out.append(": ");
          write(e.getValue(), out, depth + 1);
        }
        out.append('}');
      }
      default -> string(value.toString(), out);
    }
  }

  private static void string(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          // JSON needs only C0 escaped; the other terminal controls too, since it is printed.
          if (Main.unsafeOnTerminal(c)) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static final class Parser {
    private final String text;
    private int pos;

    Parser(String text) {
      this.text = text;
    }

    IllegalArgumentException error(String message) {
      return new IllegalArgumentException(message + " at offset " + pos);
    }

    void skipSpace() {
      while (pos < text.length() && " \t\r\n".indexOf(text.charAt(pos)) >= 0) {
        pos++;
      }
    }

    @Nullable Object value(int depth) {
      if (depth > MAX_DEPTH) {
        throw error("nested deeper than " + MAX_DEPTH);
      }
      if (pos >= text.length()) {
        throw error("unexpected end of input");
      }
      char c = text.charAt(pos);
      return switch (c) {
        case '{' -> object(depth);
        case '[' -> array(depth);
        case '"' -> string();
        case 't' -> literal("true", true);
        case 'f' -> literal("false", false);
        case 'n' -> literal("null", null);
        default -> {
          if (c == '-' || (c >= '0' && c <= '9')) {
            yield number();
          }
          throw error("unexpected character '" + c + "'");
        }
      };
    }

    private @Nullable Object literal(String word, @Nullable Object value) {
      if (!text.startsWith(word, pos)) {
        throw error("expected " + word);
      }
      pos += word.length();
      return value;
    }

    private Object number() {
      int start = pos;
      if (text.charAt(pos) == '-') {
        pos++;
      }
      int digits = pos;
      while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
        pos++;
      }
      if (pos == digits) {
        throw error("expected a digit");
      }
      if (text.charAt(digits) == '0' && pos - digits > 1) {
        throw error("leading zero");
      }
      boolean real = false;
      if (pos < text.length() && text.charAt(pos) == '.') {
        real = true;
        pos++;
        int frac = pos;
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
          pos++;
        }
        if (pos == frac) {
          throw error("expected a digit after the dot");
        }
      }
      if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
        real = true;
        pos++;
        if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
          pos++;
        }
        int exp = pos;
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
          pos++;
        }
        if (pos == exp) {
          throw error("expected a digit in the exponent");
        }
      }
      String literal = text.substring(start, pos);
      if (real) {
        double d = Double.parseDouble(literal);
        if (!Double.isFinite(d)) {
          throw error("number out of range: " + literal);
        }
        return d;
      }
      try {
        long value = Long.parseLong(literal);
        if (value == (int) value) {
          return Integer.valueOf((int) value); // <int>; a ternary here would promote it to Long
        }
        return Long.valueOf(value);
      } catch (NumberFormatException e) {
        throw error("integer out of 64-bit range: " + literal);
      }
    }

    private String string() {
      pos++; // opening quote
      StringBuilder out = new StringBuilder();
      while (true) {
        if (pos >= text.length()) {
          throw error("unterminated string");
        }
        char c = text.charAt(pos++);
        if (c == '"') {
          return out.toString();
        }
        if (c == '\\') {
          if (pos >= text.length()) {
            throw error("unterminated escape");
          }
          char e = text.charAt(pos++);
          switch (e) {
            case '"' -> out.append('"');
            case '\\' -> out.append('\\');
            case '/' -> out.append('/');
            case 'b' -> out.append('\b');
            case 'f' -> out.append('\f');
            case 'n' -> out.append('\n');
            case 'r' -> out.append('\r');
            case 't' -> out.append('\t');
            case 'u' -> {
              if (pos + 4 > text.length()) {
                throw error("short \\u escape");
              }
              try {
                out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
              } catch (NumberFormatException ex) {
                throw error("bad \\u escape");
              }
              pos += 4;
            }
            default -> throw error("bad escape \\" + e);
          }
        } else if (c < 0x20) {
          throw error("control character in string");
        } else {
          out.append(c);
        }
      }
    }

    private List<@Nullable Object> array(int depth) {
      pos++;
      List<@Nullable Object> list = new ArrayList<>();
      skipSpace();
      if (pos < text.length() && text.charAt(pos) == ']') {
        pos++;
        return list;
      }
      while (true) {
        skipSpace();
        list.add(value(depth + 1));
        skipSpace();
        if (pos >= text.length()) {
          throw error("unterminated array");
        }
        char c = text.charAt(pos++);
        if (c == ']') {
          return list;
        }
        if (c != ',') {
          throw error("expected , or ]");
        }
      }
    }

    private Object object(int depth) {
      int start = pos;
      pos++;
      Map<String, @Nullable Object> map = new LinkedHashMap<>();
      skipSpace();
      if (pos < text.length() && text.charAt(pos) == '}') {
        pos++;
        return map;
      }
      while (true) {
        skipSpace();
        if (pos >= text.length() || text.charAt(pos) != '"') {
          throw error("expected a member name");
        }
        String key = string();
        skipSpace();
        if (pos >= text.length() || text.charAt(pos) != ':') {
          throw error("expected :");
        }
        pos++;
        skipSpace();
        Object value = value(depth + 1);
        if (map.containsKey(key)) {
          throw error("duplicate member " + key);
        }
        map.put(key, value);
        skipSpace();
        if (pos >= text.length()) {
          throw error("unterminated object");
        }
        char c = text.charAt(pos++);
        if (c == '}') {
          break;
        }
        if (c != ',') {
          throw error("expected , or }");
        }
      }
      if (map.size() == 1 && map.containsKey(DATE_KEY)) {
        if (!(map.get(DATE_KEY) instanceof String s)) {
          throw new IllegalArgumentException(DATE_KEY + " needs a string at offset " + start);
        }
        try {
          return LocalDateTime.parse(s, ISO);
        } catch (DateTimeParseException e) {
          throw new IllegalArgumentException(
              "bad dateTime " + s + " (expected yyyyMMddTHH:mm:ss) at offset " + start);
        }
      }
      if (map.size() == 1 && map.containsKey(BASE64_KEY)) {
        if (!(map.get(BASE64_KEY) instanceof String s)) {
          throw new IllegalArgumentException(BASE64_KEY + " needs a string at offset " + start);
        }
        try {
          return Base64.getDecoder().decode(s.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "bad base64 at offset " + start + ": " + e.getMessage());
        }
      }
      return map;
    }
  }
}
