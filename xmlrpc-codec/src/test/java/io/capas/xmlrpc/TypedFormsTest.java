package io.capas.xmlrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The forms typed values need (issue 15): date-times with a zone, and Apache's {@code
 * ex:bigdecimal} / {@code ex:biginteger}, read with any prefix and written with their namespace.
 */
class TypedFormsTest {
  private static final MethodResponseWriter RESPONSES = MethodResponseWriter.create();

  private static String body(@Nullable Object value) {
    String doc =
        new String(RESPONSES.toBytes(MethodResponse.success(value)), StandardCharsets.UTF_8);
    String open = "<methodResponse><params><param>";
    return doc.substring(doc.indexOf(open) + open.length(), doc.indexOf("</param></params>"));
  }

  private static @Nullable Object read(String value) throws XmlRpcException {
    String doc =
        "<methodResponse xmlns:ex=\"http://ws.apache.org/xmlrpc/namespaces/extensions\">"
            + "<params><param>"
            + value
            + "</param></params></methodResponse>";
    MethodResponse r = MethodResponseReader.create().read(doc.getBytes(StandardCharsets.UTF_8));
    return ((MethodResponse.Success) r).value();
  }

  @Test
  void writesAnOffsetDateTimeWithZOrItsOffset() {
    assertEquals(
        "<value><dateTime.iso8601>20261205T23:59:58Z</dateTime.iso8601></value>",
        body(OffsetDateTime.of(2026, 12, 5, 23, 59, 58, 0, ZoneOffset.UTC)));
    assertEquals(
        "<value><dateTime.iso8601>20260102T03:04:05-05:30</dateTime.iso8601></value>",
        body(OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneOffset.ofHoursMinutes(-5, -30))));
  }

  @Test
  void readsAZoneSuffixAsAnOffsetDateTimeKeepingTheOffset() throws XmlRpcException {
    assertEquals(
        OffsetDateTime.of(2026, 12, 5, 23, 59, 58, 0, ZoneOffset.UTC),
        read("<value><dateTime.iso8601>20261205T23:59:58Z</dateTime.iso8601></value>"));
    assertEquals(
        OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneOffset.ofHoursMinutes(-5, -30)),
        read("<value><dateTime.iso8601>20260102T03:04:05-05:30</dateTime.iso8601></value>"));
    assertEquals(
        LocalDateTime.of(2026, 12, 5, 23, 59, 58),
        read("<value><dateTime.iso8601>20261205T23:59:58</dateTime.iso8601></value>"));
  }

  @Test
  void roundTripsAnOffsetDateTimeWithItsOffset() throws XmlRpcException {
    OffsetDateTime t = OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneOffset.ofHours(9));
    assertEquals(t, read(body(t)));
  }

  @Test
  void writesBigNumbersAsApacheExtensionsAndReadsThemBack() throws XmlRpcException {
    String ns = " xmlns:ex=\"http://ws.apache.org/xmlrpc/namespaces/extensions\"";
    String decimal = body(new BigDecimal("-12345678901234567890.000000001"));
    assertEquals(
        "<value" + ns + "><ex:bigdecimal>-12345678901234567890.000000001</ex:bigdecimal></value>",
        decimal);
    assertEquals(new BigDecimal("-12345678901234567890.000000001"), read(decimal));
    String integer = body(new BigInteger("98765432109876543210987654321"));
    assertEquals(
        "<value" + ns + "><ex:biginteger>98765432109876543210987654321</ex:biginteger></value>",
        integer);
    assertEquals(new BigInteger("98765432109876543210987654321"), read(integer));
    assertEquals(
        List.of(new BigDecimal("1E+3"), BigInteger.TEN),
        read(
            "<value><array><data><value><x:bigdecimal> 1E+3 </x:bigdecimal></value>"
                + "<value><ex:biginteger>10</ex:biginteger></value></data></array></value>"));
  }

  @Test
  void refusesMalformedAndOversizedBigNumbers() {
    assertThrows(
        InvalidXmlRpcException.class,
        () -> read("<value><ex:bigdecimal>1.2.3</ex:bigdecimal></value>"));
    assertThrows(
        InvalidXmlRpcException.class,
        () -> read("<value><ex:biginteger>1.5</ex:biginteger></value>"));
    assertThrows(
        InvalidXmlRpcException.class,
        () -> read("<value><ex:biginteger>" + "9".repeat(5000) + "</ex:biginteger></value>"));
    assertThrows(
        InvalidXmlRpcException.class, () -> read("<value><bigdecimal>1</bigdecimal></value>"));
  }
}
