package io.capas.cli;

import java.io.StringWriter;
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
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.PrettyPrinter;
import tools.jackson.core.SerializableString;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.io.CharacterEscapes;
import tools.jackson.core.io.SerializedString;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;

/**
 * The JSON mapping of {@code capas call}: one JSON literal per argument in, one JSON document out,
 * read and written with Jackson's streaming core.
 *
 * <pre>
 *   123                        &lt;int&gt; (&lt;i8&gt; outside 32 bits)
 *   1.5, 1e3                   &lt;double&gt;
 *   true / false               &lt;boolean&gt;
 *   null                       &lt;nil/&gt;
 *   "text"                     &lt;string&gt;
 *   [ ... ] / { ... }          &lt;array&gt; / &lt;struct&gt;
 *   {"$dateTime.iso8601": "19980717T14:08:55"}   &lt;dateTime.iso8601&gt; (LocalDateTime)
 *   {"$dateTime.iso8601": "19980717T14:08:55Z"}  the same with a zone (OffsetDateTime; or +hh:mm)
 *   {"$base64": "AAEC"}        &lt;base64&gt;
 * </pre>
 *
 * <p>Input is strict RFC 8259 (no comments, no NaN, no leading zeros, no duplicate member names);
 * integers past 64 bits and doubles past their range are refused. Nesting is limited to {@value
 * #MAX_DEPTH} levels, a string to {@value #MAX_STRING_CHARS} characters. Output uses the same
 * mapping on one line ({@code ", "} and {@code ": "} between items), a double always keeps a dot or
 * an exponent ({@link Double#toString}), and every terminal control is escaped ({@link
 * Main#unsafeOnTerminal}). Stateless and thread-safe.
 */
final class Json {
  static final int MAX_DEPTH = 64;
  static final int MAX_STRING_CHARS = 64 << 20;
  static final String DATE_KEY = "$dateTime.iso8601";
  static final String BASE64_KEY = "$base64";
  private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("uuuuMMdd'T'HH:mm:ss");

  /** What {@link #ISO} reads, or the same with a Z or an offset, as printed for a zoned value. */
  private static final DateTimeFormatter ISO_INPUT =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HH:mm:ss[XXX]");

  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(MAX_DEPTH)
                  .maxStringLength(MAX_STRING_CHARS)
                  .build())
          .disable(JsonWriteFeature.ESCAPE_FORWARD_SLASHES)
          .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
          .characterEscapes(new TerminalEscapes())
          .build();

  /** One line: {@code [1, 2]}, {@code {"a": 1}}, no space inside empty brackets. */
  private static final ObjectWriteContext ONE_LINE =
      new ObjectWriteContext.Base() {
        private final PrettyPrinter printer =
            new DefaultPrettyPrinter(
                    new Separators()
                        .withObjectNameValueSpacing(Separators.Spacing.AFTER)
                        .withObjectEntrySpacing(Separators.Spacing.AFTER)
                        .withArrayElementSpacing(Separators.Spacing.AFTER)
                        .withObjectEmptySeparator("")
                        .withArrayEmptySeparator(""))
                .withArrayIndenter(new DefaultPrettyPrinter.NopIndenter())
                .withObjectIndenter(new DefaultPrettyPrinter.NopIndenter());

        @Override
        public boolean hasPrettyPrinter() {
          return true;
        }

        @Override
        public PrettyPrinter getPrettyPrinter() {
          return printer;
        }
      };

  private Json() {}

  /**
   * Parses one JSON text.
   *
   * @throws IllegalArgumentException with the position of the problem
   */
  static @Nullable Object parse(String text) {
    try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), text)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new IllegalArgumentException("unexpected end of input at offset " + text.length());
      }
      Object value = value(parser, first);
      if (parser.nextToken() != null) {
        throw error(parser, "unexpected text after the value");
      }
      return value;
    } catch (JacksonException e) {
      throw new IllegalArgumentException(message(e), e);
    }
  }

  static String write(@Nullable Object value) {
    StringWriter out = new StringWriter();
    try (JsonGenerator generator = FACTORY.createGenerator(ONE_LINE, out)) {
      write(generator, value, 0);
    }
    return out.toString();
  }

  private static @Nullable Object value(JsonParser parser, JsonToken token) {
    return switch (token) {
      case START_OBJECT -> object(parser);
      case START_ARRAY -> array(parser);
      case VALUE_STRING -> parser.getString();
      case VALUE_TRUE -> true;
      case VALUE_FALSE -> false;
      case VALUE_NULL -> null;
      case VALUE_NUMBER_INT -> integer(parser);
      case VALUE_NUMBER_FLOAT -> real(parser);
      default -> throw error(parser, "unexpected " + token);
    };
  }

  private static Object integer(JsonParser parser) {
    return switch (parser.getNumberType()) {
      case INT -> parser.getIntValue(); // <int>
      case LONG -> parser.getLongValue(); // <i8>
      default -> throw error(parser, "integer out of 64-bit range: " + parser.getString());
    };
  }

  private static Double real(JsonParser parser) {
    double d = parser.getDoubleValue();
    if (!Double.isFinite(d)) {
      throw error(parser, "number out of range: " + parser.getString());
    }
    return d;
  }

  private static List<@Nullable Object> array(JsonParser parser) {
    List<@Nullable Object> list = new ArrayList<>();
    for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
      list.add(value(parser, t));
    }
    return list;
  }

  private static Object object(JsonParser parser) {
    long start = offset(parser.currentTokenLocation());
    Map<String, @Nullable Object> map = new LinkedHashMap<>();
    for (String name = parser.nextName(); name != null; name = parser.nextName()) {
      map.put(name, value(parser, parser.nextToken()));
    }
    if (map.size() == 1 && map.containsKey(DATE_KEY)) {
      if (!(map.get(DATE_KEY) instanceof String s)) {
        throw new IllegalArgumentException(DATE_KEY + " needs a string at offset " + start);
      }
      try {
        return ISO_INPUT.parseBest(s, OffsetDateTime::from, LocalDateTime::from);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            "bad dateTime " + s + " (expected yyyyMMddTHH:mm:ss[Z|+hh:mm]) at offset " + start, e);
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
            "bad base64 at offset " + start + ": " + e.getMessage(), e);
      }
    }
    return map;
  }

  private static void write(JsonGenerator out, @Nullable Object value, int depth) {
    if (depth > 10_000) {
      throw new IllegalArgumentException("value nested too deeply");
    }
    switch (value) {
      case null -> out.writeNull();
      case Boolean b -> out.writeBoolean(b);
      case Integer i -> out.writeNumber(i);
      case Long l -> out.writeNumber(l);
      case Double d -> {
        if (Double.isFinite(d)) {
          out.writeNumber(Double.toString(d)); // always has a dot or an exponent
        } else {
          out.writeNull();
        }
      }
      case String s -> out.writeString(s);
      case LocalDateTime t -> {
        out.writeStartObject();
        out.writeName(DATE_KEY);
        out.writeString(ISO.format(t));
        out.writeEndObject();
      }
      case OffsetDateTime t -> {
        // A received Z or offset (issue 15): printed in the same form, with the zone kept.
        out.writeStartObject();
        out.writeName(DATE_KEY);
        String zone = t.getOffset().equals(ZoneOffset.UTC) ? "Z" : t.getOffset().getId();
        out.writeString(ISO.format(t) + zone);
        out.writeEndObject();
      }
      case byte[] bytes -> {
        out.writeStartObject();
        out.writeName(BASE64_KEY);
        out.writeString(Base64.getEncoder().encodeToString(bytes));
        out.writeEndObject();
      }
      case List<?> list -> {
        out.writeStartArray();
        for (Object item : list) {
          write(out, item, depth + 1);
        }
        out.writeEndArray();
      }
      case Map<?, ?> map -> {
        out.writeStartObject();
        for (Map.Entry<?, ?> e : map.entrySet()) {
          out.writeName(String.valueOf(e.getKey()));
          write(out, e.getValue(), depth + 1);
        }
        out.writeEndObject();
      }
      default -> out.writeString(value.toString());
    }
  }

  private static IllegalArgumentException error(JsonParser parser, String message) {
    return new IllegalArgumentException(
        message + " at offset " + offset(parser.currentTokenLocation()));
  }

  private static String message(JacksonException e) {
    String text = e.getOriginalMessage();
    int newline = text.indexOf('\n');
    String first = newline >= 0 ? text.substring(0, newline) : text;
    TokenStreamLocation where = e.getLocation();
    return where == null ? first : first + " at offset " + offset(where);
  }

  private static long offset(TokenStreamLocation location) {
    return Math.max(0, location.getCharOffset());
  }

  /**
   * JSON's own escapes, and {@code \}{@code uXXXX} (lowercase) for every other character a terminal
   * would act on: DEL, C1 controls, the line and paragraph separators, bidirectional controls.
   */
  private static final class TerminalEscapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private final int[] ascii;

    TerminalEscapes() {
      ascii = standardAsciiEscapesForJSON();
      ascii[0x7f] = ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii.clone();
    }

    @Override
    public @Nullable SerializableString getEscapeSequence(int ch) {
      return ch <= 0xffff && Main.unsafeOnTerminal((char) ch)
          ? new SerializedString(String.format(Locale.ROOT, "\\u%04x", ch))
          : null;
    }
  }
}
