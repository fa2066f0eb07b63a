package io.capas.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {
  @Test
  void mapsLiteralsToXmlRpcTypes() {
    assertEquals(42, Json.parse("42"));
    assertEquals(-2147483648, Json.parse("-2147483648"));
    assertEquals(2147483648L, Json.parse("2147483648"));
    assertEquals(1.5, Json.parse("1.5"));
    assertEquals(1000.0, Json.parse("1e3"));
    assertEquals(true, Json.parse("true"));
    assertNull(Json.parse("null"));
    assertEquals("a\"b\n\u00e9", Json.parse("\"a\\\"b\\n\\u00e9\""));
    assertEquals(List.of(1, "x", List.of()), Json.parse("[1, \"x\", []]"));
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("b", 1);
    expected.put("a", Map.of());
    assertEquals(expected, Json.parse("{\"b\": 1, \"a\": {}}"));
    assertEquals(
        LocalDateTime.of(1998, 7, 17, 14, 8, 55),
        Json.parse("{\"$dateTime.iso8601\": \"19980717T14:08:55\"}"));
    assertArrayEquals(new byte[] {0, 1, 2}, (byte[]) Json.parse("{\"$base64\": \"AAEC\"}"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "hola",
        "01",
        "1.",
        "[1,",
        "{\"a\" 1}",
        "\"open",
        "99999999999999999999",
        "{\"$base64\": \"!!\"}",
        "{\"$dateTime.iso8601\": \"yesterday\"}",
        "{\"a\":1,\"a\":2}",
        "1 2",
        "tru"
      })
  void rejectsBadLiterals(String text) {
    assertThrows(IllegalArgumentException.class, () -> Json.parse(text));
  }

  @Test
  void rejectsDeepNesting() {
    String deep = "[".repeat(100) + "]".repeat(100);
    assertThrows(IllegalArgumentException.class, () -> Json.parse(deep));
  }

  @Test
  void writesTheSameMapping() {
    Map<String, Object> struct = new LinkedHashMap<>();
    struct.put("i", 5);
    struct.put("l", 1L << 40);
    struct.put("d", 5.0);
    struct.put("e", 1e300);
    struct.put("s", "q\"\n");
    struct.put("n", null);
    struct.put("t", LocalDateTime.of(1998, 7, 17, 14, 8, 55));
    struct.put("b", new byte[] {0, 1, 2});
    struct.put("a", Arrays.asList(true, false));
    assertEquals(
        "{\"i\": 5, \"l\": 1099511627776, \"d\": 5.0, \"e\": 1.0E300, "
            + "\"s\": \"q\\\"\\n\", \"n\": null, "
            + "\"t\": {\"$dateTime.iso8601\": \"19980717T14:08:55\"}, "
            + "\"b\": {\"$base64\": \"AAEC\"}, "
            + "\"a\": [true, false]}",
        Json.write(struct));
  }

  /** A server's string is printed as JSON: terminal controls (C1, DEL, U+2028, bidi) escaped. */
  @Test
  void escapesTerminalControlsInStrings() {
    assertEquals(
        "\"a\\u009b31m\\u007f\\u2028\\u202e\\u001bé\"",
        Json.write("a\u009b31m\u007f\u2028\u202e\u001bé"));
    assertEquals("a\u009b\u2028", Json.parse(Json.write("a\u009b\u2028")));
  }

  /** Jackson's own leniencies stay off: what the hand-written parser refused is still refused. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "NaN",
        "Infinity",
        "1e400",
        "-1e400",
        "'single'",
        "[1,]",
        "{\"a\":1,}",
        "// comment\n1",
        "{a: 1}",
        "+1",
        ".5",
        "\"tab\there\"",
        "[1] [2]",
        "{\"$base64\": 1}",
        "{\"$dateTime.iso8601\": null}"
      })
  void rejectsWhatJsonDoesNotAllow(String text) {
    assertThrows(IllegalArgumentException.class, () -> Json.parse(text));
  }

  @Test
  void errorsSayWhere() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Json.parse("[1, 2, x]"));
    assertTrue(e.getMessage().contains("at offset 7"), e.getMessage());
  }

  @Test
  void keepsSurrogatePairsEscapesAndEmptyContainers() {
    assertEquals("\ud83d\ude00", Json.parse("\"\\ud83d\\ude00\""));
    assertEquals("\"\ud83d\ude00 / \"", Json.write("\ud83d\ude00 / "));
    assertEquals(
        "[[], {}, -0.0, 9223372036854775807]",
        Json.write(Json.parse("[[], {}, -0.0, 9223372036854775807]")));
    assertEquals(-9223372036854775808L, Json.parse("-9223372036854775808"));
  }

  /**
   * Seeded random mutations of valid documents: the parser answers with a value or an {@link
   * IllegalArgumentException}, never another exception, and what it returns writes and reads back
   * the same. Bounded: 20,000 inputs of at most ~200 chars.
   */
  @Test
  void randomInputsGiveAValueOrAnIllegalArgumentException() {
    String[] seeds = {
      "{\"a\": [1, 2.5, true, null, \"x\"], \"t\": {\"$dateTime.iso8601\": \"19980717T14:08:55\"}}",
      "{\"$base64\": \"AAEC\"}",
      "[-1, 1e3, \"\\u00e9\\n\", [], {}]",
      "4294967296"
    };
    String alphabet = "{}[]\",:0123456789-+.eE truefalsn\\u$\u00e9\ud83d\ude00\u009b\n";
    Random random = new Random(18);
    for (int i = 0; i < 20_000; i++) {
      StringBuilder text = new StringBuilder(seeds[random.nextInt(seeds.length)]);
      for (int m = random.nextInt(4); m >= 0; m--) {
        int at = random.nextInt(text.length() + 1);
        switch (random.nextInt(3)) {
          case 0 -> text.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
          case 1 -> {
            if (at < text.length()) {
              text.deleteCharAt(at);
            }
          }
          default -> {
            if (at < text.length()) {
              text.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
            }
          }
        }
      }
      String input = text.toString();
      Object value;
      try {
        value = Json.parse(input);
      } catch (IllegalArgumentException expected) {
        continue;
      }
      String written = Json.write(value);
      assertEquals(written, Json.write(Json.parse(written)), input);
    }
  }
}
