package io.capas.xmlrpc;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes XML-RPC as UTF-8 bytes into a small buffer that is flushed to the output stream whenever
 * it fills (or, without a stream, grows into the finished document).
 *
 * <p>Strings survive exactly: {@code <}, {@code &} and {@code >} become entities, a CR becomes
 * <code>&amp;#13;</code> (a literal CR would turn into LF in the peer's parser), and a character
 * outside the BMP is written as its four UTF-8 bytes, never as two surrogate references.
 *
 * <p>Not thread-safe; one instance per document.
 */
final class XmlRpcEncoder {
  /** Nesting beyond this is refused: it is almost certainly a cycle. */
  static final int MAX_DEPTH = 1000;

  private static final byte[] DECLARATION = ascii("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  private static final byte[] INT_OPEN = ascii("<value><int>");
  private static final byte[] INT_CLOSE = ascii("</int></value>");
  private static final byte[] I8_OPEN = ascii("<value><i8>");
  private static final byte[] I8_CLOSE = ascii("</i8></value>");
  private static final byte[] TRUE = ascii("<value><boolean>1</boolean></value>");
  private static final byte[] FALSE = ascii("<value><boolean>0</boolean></value>");
  private static final byte[] STRING_OPEN = ascii("<value><string>");
  private static final byte[] STRING_CLOSE = ascii("</string></value>");
  private static final byte[] DOUBLE_OPEN = ascii("<value><double>");
  private static final byte[] DOUBLE_CLOSE = ascii("</double></value>");
  private static final byte[] DATE_OPEN = ascii("<value><dateTime.iso8601>");
  private static final byte[] DATE_CLOSE = ascii("</dateTime.iso8601></value>");
  private static final byte[] BASE64_OPEN = ascii("<value><base64>");
  private static final byte[] BASE64_CLOSE = ascii("</base64></value>");
  private static final byte[] STRUCT_OPEN = ascii("<value><struct>");
  private static final byte[] STRUCT_CLOSE = ascii("</struct></value>");
  private static final byte[] MEMBER_OPEN = ascii("<member><name>");
  private static final byte[] NAME_CLOSE = ascii("</name>");
  private static final byte[] MEMBER_CLOSE = ascii("</member>");
  private static final byte[] ARRAY_OPEN = ascii("<value><array><data>");
  private static final byte[] ARRAY_CLOSE = ascii("</data></array></value>");
  private static final byte[] NIL = ascii("<value><nil/></value>");

  // Apache's extension types, with the namespace declared on their <value>, so a document without
  // them keeps its plain root (Apache reads ex: types only with extensions enabled). Not on the
  // ex: element itself: Apache's parser ends that prefix mapping in another context and fails.
  private static final String EX =
      " xmlns:ex=\"http://ws.apache.org/xmlrpc/namespaces/extensions\">";
  private static final byte[] BIG_DECIMAL_OPEN = ascii("<value" + EX + "<ex:bigdecimal>");
  private static final byte[] BIG_DECIMAL_CLOSE = ascii("</ex:bigdecimal></value>");
  private static final byte[] BIG_INTEGER_OPEN = ascii("<value" + EX + "<ex:biginteger>");
  private static final byte[] BIG_INTEGER_CLOSE = ascii("</ex:biginteger></value>");
  private static final byte[] CALL_OPEN = ascii("<methodCall><methodName>");
  private static final byte[] PARAMS_OPEN = ascii("</methodName><params>");
  private static final byte[] PARAM_OPEN = ascii("<param>");
  private static final byte[] PARAM_CLOSE = ascii("</param>");
  private static final byte[] CALL_CLOSE = ascii("</params></methodCall>\n");
  private static final byte[] RESPONSE_OPEN = ascii("<methodResponse><params><param>");
  private static final byte[] RESPONSE_CLOSE = ascii("</param></params></methodResponse>\n");
  private static final byte[] FAULT_OPEN =
      ascii(
          "<methodResponse><fault><value><struct><member><name>faultCode</name>" + "<value><int>");
  private static final byte[] FAULT_MIDDLE =
      ascii("</int></value></member><member><name>faultString</name><value><string>");
  private static final byte[] FAULT_CLOSE =
      ascii("</string></value></member></struct></value></fault></methodResponse>\n");
  private static final byte[] ENT_LT = ascii("&lt;");
  private static final byte[] ENT_GT = ascii("&gt;");
  private static final byte[] ENT_AMP = ascii("&amp;");
  private static final byte[] ENT_CR = ascii("&#13;");

  private final XmlRpcWriteOptions options;
  private final @Nullable OutputStream out;
  private byte[] buf;
  private int pos;

  XmlRpcEncoder(XmlRpcWriteOptions options, @Nullable OutputStream out, int bufferSize) {
    this.options = options;
    this.out = out;
    this.buf = new byte[bufferSize];
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  // ---------------------------------------------------------------- documents

  void methodCall(MethodCall call) throws IOException {
    raw(DECLARATION);
    raw(CALL_OPEN);
    string(call.methodName());
    raw(PARAMS_OPEN);
    for (Object p : call.params()) {
      raw(PARAM_OPEN);
      value(p, 1);
      raw(PARAM_CLOSE);
    }
    raw(CALL_CLOSE);
  }

  void methodResponse(MethodResponse response) throws IOException {
    raw(DECLARATION);
    switch (response) {
      case MethodResponse.Success s -> {
        raw(RESPONSE_OPEN);
        value(s.value(), 1);
        raw(RESPONSE_CLOSE);
      }
      case Fault f -> {
        raw(FAULT_OPEN);
        integer(f.code());
        raw(FAULT_MIDDLE);
        string(f.message());
        raw(FAULT_CLOSE);
      }
    }
  }

  // ---------------------------------------------------------------- values

  private void value(@Nullable Object v, int depth) throws IOException {
    if (depth > MAX_DEPTH) {
      throw new UnencodableValueException("values nested deeper than " + MAX_DEPTH + " (a cycle?)");
    }
    switch (v) {
      case null -> nil();
      case String s -> {
        raw(STRING_OPEN);
        string(s);
        raw(STRING_CLOSE);
      }
      case Integer i -> intValue(i);
      case Long l -> i8(l);
      case Boolean b -> raw(b ? TRUE : FALSE);
      case Double d -> dbl(d);
      case LocalDateTime t -> dateTime(t, null);
      case OffsetDateTime t -> dateTime(t.toLocalDateTime(), t.getOffset());
      case BigDecimal d -> {
        raw(BIG_DECIMAL_OPEN);
        asciiText(d.toString());
        raw(BIG_DECIMAL_CLOSE);
      }
      case BigInteger i -> {
        raw(BIG_INTEGER_OPEN);
        asciiText(i.toString());
        raw(BIG_INTEGER_CLOSE);
      }
      case byte[] b -> base64(b);
      case Map<?, ?> m -> {
        raw(STRUCT_OPEN);
        for (Map.Entry<?, ?> e : m.entrySet()) {
          if (!(e.getKey() instanceof String name)) {
            throw new UnencodableValueException(
                "struct member name is not a String: " + e.getKey());
          }
          raw(MEMBER_OPEN);
          string(name);
          raw(NAME_CLOSE);
          value(e.getValue(), depth + 1);
          raw(MEMBER_CLOSE);
        }
        raw(STRUCT_CLOSE);
      }
      case List<?> l -> {
        raw(ARRAY_OPEN);
        for (Object o : l) {
          value(o, depth + 1);
        }
        raw(ARRAY_CLOSE);
      }
      default ->
          throw new UnencodableValueException("no XML-RPC type for " + v.getClass().getName());
    }
  }

  private void nil() throws IOException {
    if (!options.allowNil()) {
      throw new UnencodableValueException("null/nil refused by the write options");
    }
    raw(NIL);
  }

  private void i8(long l) throws IOException {
    if (options.allowI8()) {
      raw(I8_OPEN);
      integer(l);
      raw(I8_CLOSE);
    } else if (l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
      raw(INT_OPEN);
      integer(l);
      raw(INT_CLOSE);
    } else {
      throw new UnencodableValueException("long " + l + " outside 32 bits and i8 refused");
    }
  }

  private void dbl(double d) throws IOException {
    if (!Double.isFinite(d)) {
      throw new UnencodableValueException("XML-RPC has no " + d);
    }
    raw(DOUBLE_OPEN);
    if (d == 0) {
      asciiText(Double.doubleToRawLongBits(d) < 0 ? "-0.0" : "0.0");
    } else {
      String s = Double.toString(d); // shortest form that reads back as d
      if (s.indexOf('E') >= 0) {
        s = new BigDecimal(s).toPlainString(); // the spec has no exponent form
        if (s.indexOf('.') < 0) {
          s = s + ".0";
        }
      }
      asciiText(s);
    }
    raw(DOUBLE_CLOSE);
  }

  /**
   * {@code 19980717T14:08:55}, with {@code Z} or {@code +hh:mm} after it for an {@code
   * OffsetDateTime} (the form capas, Python's {@code DateTime} and most peers read; the spec itself
   * has no zone).
   */
  private void dateTime(LocalDateTime t, @Nullable ZoneOffset offset) throws IOException {
    int year = t.getYear();
    if (year < 0 || year > 9999) {
      throw new UnencodableValueException("year outside 0..9999: " + t);
    }
    raw(DATE_OPEN);
    room(17);
    digits(year, 4);
    digits(t.getMonthValue(), 2);
    digits(t.getDayOfMonth(), 2);
    buf[pos++] = 'T';
    digits(t.getHour(), 2);
    buf[pos++] = ':';
    digits(t.getMinute(), 2);
    buf[pos++] = ':';
    digits(t.getSecond(), 2);
    if (offset != null) {
      int seconds = offset.getTotalSeconds();
      if (seconds == 0) {
        room(1);
        buf[pos++] = 'Z';
      } else {
        room(6);
        buf[pos++] = (byte) (seconds < 0 ? '-' : '+');
        int minutes = Math.abs(seconds) / 60;
        digits(minutes / 60, 2);
        buf[pos++] = ':';
        digits(minutes % 60, 2);
      }
    }
    raw(DATE_CLOSE);
  }

  private void digits(int v, int n) {
    for (int i = n - 1; i >= 0; i--) {
      buf[pos + i] = (byte) ('0' + v % 10);
      v /= 10;
    }
    pos += n;
  }

  private void base64(byte[] b) throws IOException {
    raw(BASE64_OPEN);
    raw(Base64.getEncoder().encode(b));
    raw(BASE64_CLOSE);
  }

  // ---------------------------------------------------------------- bytes

  private void integer(long v) throws IOException {
    if (v == (int) v) {
      integer((int) v);
      return;
    }
    room(20);
    if (v < 0) {
      if (v == Long.MIN_VALUE) {
        asciiText("-9223372036854775808");
        return;
      }
      buf[pos++] = '-';
      v = -v;
    }
    int n = 1;
    for (long x = v; x >= 10; x /= 10) {
      n++;
    }
    for (int i = pos + n - 1; i >= pos; i--) {
      buf[i] = (byte) ('0' + (int) (v % 10));
      v /= 10;
    }
    pos += n;
  }

  /** {@code <value><int>v</int></value>}: one bound check, then straight into the buffer. */
  private void intValue(int v) throws IOException {
    if (buf.length - pos < INT_VALUE_MAX) {
      room(INT_VALUE_MAX);
    }
    byte[] b = buf;
    int p = pos;
    System.arraycopy(INT_OPEN, 0, b, p, INT_OPEN.length);
    p = digits(b, p + INT_OPEN.length, v);
    System.arraycopy(INT_CLOSE, 0, b, p, INT_CLOSE.length);
    pos = p + INT_CLOSE.length;
  }

  private static final int INT_VALUE_MAX = INT_OPEN.length + 11 + INT_CLOSE.length;

  private void integer(int v) throws IOException {
    room(11);
    pos = digits(buf, pos, v);
  }

  /** Writes {@code v} in decimal at {@code b[p]} (room for 11 bytes); returns the end. */
  private static int digits(byte[] b, int p, int v) {
    if (v < 0) {
      if (v == Integer.MIN_VALUE) {
        System.arraycopy(INT_MIN, 0, b, p, INT_MIN.length);
        return p + INT_MIN.length;
      }
      b[p++] = '-';
      v = -v;
    }
    int n = v < 10 ? 1 : v < 100 ? 2 : v < 1000 ? 3 : v < 10000 ? 4 : v < 100000 ? 5 : 10;
    if (n == 10) {
      n = 6;
      for (int x = v / 1000000; x > 0; x /= 10) {
        n++;
      }
    }
    int i = p + n;
    while (v >= 100) {
      int q = v / 100;
      int r = v - q * 100;
      b[--i] = DIGIT_ONES[r];
      b[--i] = DIGIT_TENS[r];
      v = q;
    }
    if (v >= 10) {
      b[--i] = DIGIT_ONES[v];
      b[--i] = DIGIT_TENS[v];
    } else {
      b[--i] = (byte) ('0' + v);
    }
    return p + n;
  }

  private static final byte[] INT_MIN = ascii("-2147483648");
  private static final byte[] DIGIT_TENS = new byte[100];
  private static final byte[] DIGIT_ONES = new byte[100];

  static {
    for (int i = 0; i < 100; i++) {
      DIGIT_TENS[i] = (byte) ('0' + i / 10);
      DIGIT_ONES[i] = (byte) ('0' + i % 10);
    }
  }

  private void asciiText(String s) throws IOException {
    int n = s.length();
    room(n);
    for (int i = 0; i < n; i++) {
      buf[pos++] = (byte) s.charAt(i); // ASCII only here
    }
  }

  /** Escapes and UTF-8-encodes character data. */
  private void string(String s) throws IOException {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      if (buf.length - pos < 8) {
        room(8);
      }
      char c = s.charAt(i);
      if (c >= 0x20 && c < 0x80) { // ASCII, DEL included: one byte
        switch (c) {
          case '<' -> put(ENT_LT);
          case '>' -> put(ENT_GT);
          case '&' -> put(ENT_AMP);
          default -> buf[pos++] = (byte) c;
        }
      } else if (c < 0x20) {
        if (c == '\n' || c == '\t') {
          buf[pos++] = (byte) c;
        } else if (c == '\r') {
          put(ENT_CR);
        } else {
          throw unencodable(c, i);
        }
      } else if (c < 0x800) {
        buf[pos++] = (byte) (0xC0 | (c >> 6));
        buf[pos++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isSurrogate(c)) {
        if (!Character.isHighSurrogate(c)
            || i + 1 == n
            || !Character.isLowSurrogate(s.charAt(i + 1))) {
          throw unencodable(c, i);
        }
        int cp = Character.toCodePoint(c, s.charAt(++i));
        buf[pos++] = (byte) (0xF0 | (cp >> 18));
        buf[pos++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        buf[pos++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        buf[pos++] = (byte) (0x80 | (cp & 0x3F));
      } else if (c >= 0xFFFE) {
        throw unencodable(c, i);
      } else {
        buf[pos++] = (byte) (0xE0 | (c >> 12));
        buf[pos++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        buf[pos++] = (byte) (0x80 | (c & 0x3F));
      }
    }
  }

  private static UnencodableValueException unencodable(char c, int index) {
    return new UnencodableValueException(
        String.format("character U+%04X at index %d cannot be carried by XML 1.0", (int) c, index));
  }

  private void put(byte[] b) {
    System.arraycopy(b, 0, buf, pos, b.length);
    pos += b.length;
  }

  private void raw(byte[] b) throws IOException {
    if (buf.length - pos < b.length) {
      if (out != null && b.length > buf.length) {
        flush();
        out.write(b);
        return;
      }
      room(b.length);
    }
    System.arraycopy(b, 0, buf, pos, b.length);
    pos += b.length;
  }

  /** Makes room for {@code n} more bytes: flush to the stream, or grow the buffer. */
  private void room(int n) throws IOException {
    if (buf.length - pos >= n) {
      return;
    }
    if (out != null) {
      flush();
      if (buf.length >= n) {
        return;
      }
    }
    buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
  }

  /** Writes the buffered bytes to the stream (the stream itself is not flushed). */
  void flush() throws IOException {
    if (out != null && pos > 0) {
      out.write(buf, 0, pos);
      pos = 0;
    }
  }

  /** The document, when there is no stream. */
  byte[] toByteArray() {
    return Arrays.copyOf(buf, pos);
  }
}
