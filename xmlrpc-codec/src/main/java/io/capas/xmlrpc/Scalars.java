package io.capas.xmlrpc;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;

/**
 * Parses scalar texts straight from the lexer's character buffer. Surrounding whitespace is ignored
 * for every scalar type except string.
 */
final class Scalars {
  private Scalars() {}

  static int parseInt(char[] t, int len) throws InvalidXmlRpcException {
    return (int) parseInteger(t, len, Integer.MIN_VALUE, Integer.MAX_VALUE, "int");
  }

  /** The most digits read as an {@code ex:bigdecimal} or {@code ex:biginteger}. */
  static final int MAX_BIG_NUMBER_CHARS = 4096;

  /** Apache's {@code ex:bigdecimal}: a decimal as {@code BigDecimal.toString} writes it. */
  static BigDecimal parseBigDecimal(char[] t, int len) throws InvalidXmlRpcException {
    int from = start(t, len);
    int to = end(t, from, len);
    if (to - from > MAX_BIG_NUMBER_CHARS) {
      throw outOfRange("ex:bigdecimal", t, from, to);
    }
    try {
      return new BigDecimal(t, from, to - from);
    } catch (NumberFormatException e) {
      throw bad("ex:bigdecimal", t, from, to);
    }
  }

  /** Apache's {@code ex:biginteger}: an optionally signed decimal integer. */
  static BigInteger parseBigInteger(char[] t, int len) throws InvalidXmlRpcException {
    int from = start(t, len);
    int to = end(t, from, len);
    if (to - from > MAX_BIG_NUMBER_CHARS) {
      throw outOfRange("ex:biginteger", t, from, to);
    }
    try {
      return new BigInteger(new String(t, from, to - from));
    } catch (NumberFormatException e) {
      throw bad("ex:biginteger", t, from, to);
    }
  }

  static long parseLong(char[] t, int len) throws InvalidXmlRpcException {
    return parseInteger(t, len, Long.MIN_VALUE, Long.MAX_VALUE, "i8");
  }

  private static long parseInteger(char[] t, int len, long min, long max, String type)
      throws InvalidXmlRpcException {
    int from = start(t, len);
    int to = end(t, from, len);
    int i = from;
    boolean negative = false;
    if (i < to && (t[i] == '-' || t[i] == '+')) {
      negative = t[i] == '-';
      i++;
    }
    if (i == to) {
      throw bad(type, t, from, to);
    }
    long limit = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
    long multmin = limit / 10;
    long r = 0;
    for (; i < to; i++) {
      int d = t[i] - '0';
      if (d < 0 || d > 9) {
        throw bad(type, t, from, to);
      }
      if (r < multmin) {
        throw outOfRange(type, t, from, to);
      }
      r *= 10;
      if (r < limit + d) {
        throw outOfRange(type, t, from, to);
      }
      r -= d;
    }
    long v = negative ? r : -r;
    if (v < min || v > max) {
      throw outOfRange(type, t, from, to);
    }
    return v;
  }

  /** 0 or 1 as the spec says; true and false (any case) leniently, as some clients send them. */
  static boolean parseBoolean(char[] t, int len) throws InvalidXmlRpcException {
    int from = start(t, len);
    int to = end(t, from, len);
    String s = new String(t, from, to - from);
    return switch (s) {
      case "1" -> true;
      case "0" -> false;
      default -> {
        if (s.equalsIgnoreCase("true")) {
          yield true;
        }
        if (s.equalsIgnoreCase("false")) {
          yield false;
        }
        throw bad("boolean", t, from, to);
      }
    };
  }

  /**
   * The spec's decimal form, and the exponent form real peers send ({@code 1.5E10}); never NaN,
   * infinity, hexadecimal or Java's {@code d}/{@code f} suffixes.
   */
  static double parseDouble(char[] t, int len) throws InvalidXmlRpcException {
    int from = start(t, len);
    int to = end(t, from, len);
    int i = from;
    if (i < to && (t[i] == '-' || t[i] == '+')) {
      i++;
    }
    int digits = 0;
    while (i < to && t[i] >= '0' && t[i] <= '9') {
      i++;
      digits++;
    }
    if (i < to && t[i] == '.') {
      i++;
      while (i < to && t[i] >= '0' && t[i] <= '9') {
        i++;
        digits++;
      }
    }
    if (digits == 0) {
      throw bad("double", t, from, to);
    }
    if (i < to && (t[i] == 'e' || t[i] == 'E')) {
      i++;
      if (i < to && (t[i] == '-' || t[i] == '+')) {
        i++;
      }
      int exp = 0;
      while (i < to && t[i] >= '0' && t[i] <= '9') {
        i++;
        exp++;
      }
      if (exp == 0) {
        throw bad("double", t, from, to);
      }
    }
    if (i != to) {
      throw bad("double", t, from, to);
    }
    double d = Double.parseDouble(new String(t, from, to - from));
    if (Double.isInfinite(d)) {
      throw outOfRange("double", t, from, to);
    }
    return d;
  }

  /**
   * {@code 19980717T14:08:55} (the spec), {@code 1998-07-17T14:08:55} (extended ISO), either with
   * an optional fraction of a second and an optional {@code Z} or {@code +hh:mm} zone; or a date
   * alone, {@code 19980717} or {@code 1998-07-17}.
   *
   * <p>Without a zone the value is a {@link LocalDateTime} with the wall-clock fields as written;
   * with one it is an {@link OffsetDateTime} that keeps the received offset, so that the instant it
   * names is never lost (issue 15). A date alone is its midnight, as a {@code LocalDateTime}:
   * Python's {@code xmlrpc.client.DateTime("19980717")} writes that form verbatim, and ISO 8601
   * allows it (§5.2.1.1).
   */
  static Object parseDateTime(char[] t, int len) throws InvalidXmlRpcException {
    int from = start(t, len);
    int to = end(t, from, len);
    DateCursor c = new DateCursor(t, from, to);
    try {
      int year = c.digits(4);
      c.optional('-');
      int month = c.digits(2);
      c.optional('-');
      int day = c.digits(2);
      if (!c.more()) {
        return LocalDate.of(year, month, day).atStartOfDay();
      }
      c.expect('T');
      int hour = c.digits(2);
      c.optional(':');
      int minute = c.digits(2);
      c.optional(':');
      int second = c.digits(2);
      int nanos = 0;
      if (c.optional('.') || c.optional(',')) {
        int n = 0;
        int scale = 100_000_000;
        while (c.more() && c.peekDigit()) {
          int d = c.next() - '0';
          if (n++ < 9) {
            nanos += d * scale;
            scale /= 10;
          }
        }
        if (n == 0) {
          throw new IllegalArgumentException();
        }
      }
      LocalDateTime local = LocalDateTime.of(year, month, day, hour, minute, second, nanos);
      ZoneOffset offset = null;
      if (c.optional('Z') || c.optional('z')) {
        offset = ZoneOffset.UTC;
      } else if (c.more() && (c.peek() == '+' || c.peek() == '-')) {
        int sign = c.next() == '-' ? -1 : 1;
        int hours = c.digits(2);
        c.optional(':');
        int minutes = c.more() ? c.digits(2) : 0;
        offset = ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
      }
      if (c.more()) {
        throw new IllegalArgumentException();
      }
      return offset == null ? local : OffsetDateTime.of(local, offset);
    } catch (IllegalArgumentException | DateTimeException e) {
      throw bad("dateTime.iso8601", t, from, to);
    }
  }

  /** Base64 with any whitespace (MIME line breaks) between the characters. */
  static byte[] parseBase64(char[] t, int len) throws InvalidXmlRpcException {
    byte[] ascii = new byte[len];
    int n = 0;
    for (int i = 0; i < len; i++) {
      char c = t[i];
      if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
        continue;
      }
      if (c >= 0x80) {
        throw new InvalidXmlRpcException("bad base64 character U+" + Integer.toHexString(c));
      }
      ascii[n++] = (byte) c;
    }
    try {
      return Base64.getDecoder().decode(n == len ? ascii : Arrays.copyOf(ascii, n));
    } catch (IllegalArgumentException e) {
      throw new InvalidXmlRpcException("bad base64: " + e.getMessage());
    }
  }

  private static int start(char[] t, int len) {
    int i = 0;
    while (i < len && XmlLexer.isWhitespace(t[i])) {
      i++;
    }
    return i;
  }

  private static int end(char[] t, int from, int len) {
    int i = len;
    while (i > from && XmlLexer.isWhitespace(t[i - 1])) {
      i--;
    }
    return i;
  }

  private static InvalidXmlRpcException bad(String type, char[] t, int from, int to) {
    return new InvalidXmlRpcException("bad " + type + ": '" + excerpt(t, from, to) + "'");
  }

  private static InvalidXmlRpcException outOfRange(String type, char[] t, int from, int to) {
    return new InvalidXmlRpcException(type + " out of range: " + excerpt(t, from, to));
  }

  private static String excerpt(char[] t, int from, int to) {
    return to - from <= 40 ? new String(t, from, to - from) : new String(t, from, 40) + "...";
  }

  private static final class DateCursor {
    private final char[] t;
    private int i;
    private final int to;

    DateCursor(char[] t, int from, int to) {
      this.t = t;
      this.i = from;
      this.to = to;
    }

    int digits(int n) {
      int v = 0;
      for (int k = 0; k < n; k++) {
        if (i >= to || t[i] < '0' || t[i] > '9') {
          throw new IllegalArgumentException();
        }
        v = v * 10 + (t[i++] - '0');
      }
      return v;
    }

    boolean optional(char c) {
      if (i < to && t[i] == c) {
        i++;
        return true;
      }
      return false;
    }

    void expect(char c) {
      if (!optional(c)) {
        throw new IllegalArgumentException();
      }
    }

    boolean more() {
      return i < to;
    }

    boolean peekDigit() {
      return t[i] >= '0' && t[i] <= '9';
    }

    char next() {
      return t[i++];
    }

    char peek() {
      return t[i];
    }
  }
}
