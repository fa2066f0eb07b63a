package io.capas.xmlrpc;

import static io.capas.xmlrpc.Docs.callWithValue;
import static io.capas.xmlrpc.Docs.utf8;
import static io.capas.xmlrpc.PlainValues.comparable;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every value type and its accepted spellings, each read from a one-parameter call. */
class ValueParsingTest {
  private static final MethodCallReader READER = MethodCallReader.create();

  static @Nullable Object read(String valueXml) throws XmlRpcException {
    return READER.read(callWithValue(valueXml)).params().get(0);
  }

  static Stream<Arguments> values() {
    LocalDateTime spec = LocalDateTime.of(1998, 7, 17, 14, 8, 55);
    return Stream.of(
        Arguments.of("<value><int>42</int></value>", 42),
        Arguments.of("<value><i4>-7</i4></value>", -7),
        Arguments.of("<value><int>+7</int></value>", 7),
        Arguments.of("<value><int>0007</int></value>", 7),
        Arguments.of("<value><int> 12 </int></value>", 12),
        Arguments.of("<value><int>2147483647</int></value>", Integer.MAX_VALUE),
        Arguments.of("<value><int>-2147483648</int></value>", Integer.MIN_VALUE),
        Arguments.of("<value><i8>9223372036854775807</i8></value>", Long.MAX_VALUE),
        Arguments.of("<value><i8>-9223372036854775808</i8></value>", Long.MIN_VALUE),
        Arguments.of(
            "<value><ex:i8 xmlns:ex=\"http://ws.apache.org/xmlrpc/namespaces/extensions\">"
                + "5</ex:i8></value>",
            5L),
        Arguments.of("<value><boolean>1</boolean></value>", true),
        Arguments.of("<value><boolean>0</boolean></value>", false),
        Arguments.of("<value><boolean>true</boolean></value>", true),
        Arguments.of("<value><boolean>FALSE</boolean></value>", false),
        Arguments.of("<value><string>hi</string></value>", "hi"),
        Arguments.of("<value><string/></value>", ""),
        Arguments.of("<value><string></string></value>", ""),
        Arguments.of("<value/>", ""),
        Arguments.of("<value></value>", ""),
        Arguments.of("<value>untyped text</value>", "untyped text"),
        Arguments.of("<value>  spaced  </value>", "  spaced  "),
        Arguments.of("<value>\n  <int>3</int>\n</value>", 3),
        Arguments.of("<value><string>  keep\n me </string></value>", "  keep\n me "),
        Arguments.of(
            "<value><string>a&lt;b&gt;c&amp;d&quot;e&apos;f</string></value>", "a<b>c&d\"e'f"),
        Arguments.of("<value><string>cr&#13;lf&#10;tab&#x9;</string></value>", "cr\rlf\ntab\t"),
        Arguments.of("<value><string>literal\r\ncrlf\rcr</string></value>", "literal\ncrlf\ncr"),
        Arguments.of(
            "<value><string>&#x1F600;&#128512;</string></value>", "\uD83D\uDE00\uD83D\uDE00"),
        Arguments.of(
            "<value><string>\u00e9\u20ac\uD83D\uDE00</string></value>", "\u00e9\u20ac\uD83D\uDE00"),
        Arguments.of("<value><string><![CDATA[<raw> & ]]]></string></value>", "<raw> & ]"),
        Arguments.of("<value><string>a<!-- note -->b</string></value>", "ab"),
        Arguments.of("<value><double>3.25</double></value>", 3.25),
        Arguments.of("<value><double>-0.5</double></value>", -0.5),
        Arguments.of("<value><double>1.23E302</double></value>", 1.23e302),
        Arguments.of("<value><double>123E300</double></value>", 123e300),
        Arguments.of("<value><double>1.5e-07</double></value>", 1.5e-7),
        Arguments.of("<value><double>.5</double></value>", 0.5),
        Arguments.of("<value><double>7</double></value>", 7.0),
        Arguments.of("<value><dateTime.iso8601>19980717T14:08:55</dateTime.iso8601></value>", spec),
        Arguments.of(
            "<value><dateTime.iso8601>1998-07-17T14:08:55</dateTime.iso8601></value>", spec),
        Arguments.of("<value><dateTime.iso8601>19980717T140855</dateTime.iso8601></value>", spec),
        Arguments.of(
            "<value><dateTime.iso8601>19980717T14:08:55Z</dateTime.iso8601></value>",
            OffsetDateTime.of(spec, ZoneOffset.UTC)),
        Arguments.of(
            "<value><dateTime.iso8601>1998-07-17T14:08:55+02:00</dateTime.iso8601></value>",
            OffsetDateTime.of(spec, ZoneOffset.ofHours(2))),
        Arguments.of(
            "<value><dateTime.iso8601>1998-07-17T14:08:55-0530</dateTime.iso8601></value>",
            OffsetDateTime.of(spec, ZoneOffset.ofHoursMinutes(-5, -30))),
        Arguments.of(
            "<value><dateTime.iso8601>19980717T14:08:55+01</dateTime.iso8601></value>",
            OffsetDateTime.of(spec, ZoneOffset.ofHours(1))),
        Arguments.of(
            "<value><dateTime.iso8601>19980717</dateTime.iso8601></value>",
            LocalDateTime.of(1998, 7, 17, 0, 0)),
        Arguments.of(
            "<value><dateTime.iso8601>1998-07-17</dateTime.iso8601></value>",
            LocalDateTime.of(1998, 7, 17, 0, 0)),
        Arguments.of(
            "<value><dateTime.iso8601>1998-07-17T14:08:55.250</dateTime.iso8601></value>",
            spec.withNano(250_000_000)),
        Arguments.of("<value><nil/></value>", null),
        Arguments.of("<value><nil></nil></value>", null),
        Arguments.of("<value><ex:nil/></value>", null),
        Arguments.of("<value><struct/></value>", Map.of()),
        Arguments.of("<value><struct></struct></value>", Map.of()),
        Arguments.of("<value><array><data/></array></value>", List.of()),
        Arguments.of("<value><array><data></data></array></value>", List.of()),
        Arguments.of("<value><array/></value>", List.of()),
        Arguments.of(
            "<value><array><data><value><int>1</int></value><value>two</value></data></array>"
                + "</value>",
            List.of(1, "two")),
        Arguments.of(
            "<value><struct><member><name>a</name><value><int>1</int></value></member>"
                + "<member><name/><value/></member></struct></value>",
            orderedMap("a", 1, "", "")));
  }

  @ParameterizedTest
  @MethodSource("values")
  void readsValue(String valueXml, @Nullable Object expected) throws XmlRpcException {
    // equals tells Integer from Long from Double, so this checks the type as well as the value.
    assertEquals(comparable(expected), comparable(read(valueXml)));
  }

  @Test
  void readsBase64WithLineBreaksAndWhitespace() throws XmlRpcException {
    Object v = read("<value><base64>\n  AAEC\r\nAwQF\n  Bg==\n</base64></value>");
    assertArrayEquals(new byte[] {0, 1, 2, 3, 4, 5, 6}, (byte[]) v);
    assertArrayEquals(new byte[0], (byte[]) read("<value><base64/></value>"));
  }

  @Test
  void keepsStructMemberOrder() throws XmlRpcException {
    StringBuilder xml = new StringBuilder("<value><struct>");
    for (int i = 50; i > 0; i--) {
      xml.append("<member><name>k")
          .append(i)
          .append("</name><value><int>")
          .append(i)
          .append("</int></value></member>");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) read(xml.append("</struct></value>").toString());
    assertEquals("k50", m.keySet().iterator().next());
    assertEquals(50, m.size());
  }

  @Test
  void readsCallShapes() throws XmlRpcException {
    assertEquals(
        List.of(),
        READER.read(utf8("<methodCall><methodName>a</methodName></methodCall>")).params());
    assertEquals(
        List.of(),
        READER.read(utf8("<methodCall><methodName>a</methodName><params/></methodCall>")).params());
    assertEquals(
        "sys.x:y/z",
        READER
            .read(
                utf8(
                    """
                    <?xml version='1.0'?>
                    <!-- c -->
                    <?pi x?>
                    <methodCall>
                     <methodName>sys.x:y/z</methodName>
                    </methodCall>
                    <!-- after -->
                    """))
            .methodName());
    assertEquals(
        "a",
        READER
            .read(
                utf8(
                    "\uFEFF<methodCall"
                        + " xmlns:ex='http://ws.apache.org/xmlrpc/namespaces/extensions'>"
                        + "<methodName>a</methodName></methodCall>"))
            .methodName());
  }

  @Test
  void readsNilParamAsNull() throws XmlRpcException {
    assertNull(read("<value><nil/></value>"));
  }

  private static Map<String, Object> orderedMap(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }
}
