package io.capas.xmlrpc;

import static io.capas.xmlrpc.PlainValues.comparable;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.testing.codec.Golden;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WriterTest {
  private static final MethodCallWriter CALLS = MethodCallWriter.create();
  private static final MethodResponseWriter RESPONSES = MethodResponseWriter.create();

  private static String body(@Nullable Object value) {
    String doc =
        new String(RESPONSES.toBytes(MethodResponse.success(value)), StandardCharsets.UTF_8);
    String open = "<methodResponse><params><param>";
    return doc.substring(doc.indexOf(open) + open.length(), doc.indexOf("</param></params>"));
  }

  /**
   * DEL (U+007F) is an XML character and a single UTF-8 byte: it was written as the overlong pair
   * C1 BF, which no reader accepts (found by XmlRpcCoverageFuzzTest's round trip).
   */
  @Test
  void writesDelAsOneUtf8Byte() throws XmlRpcException {
    MethodCall call = MethodCall.of("m", "a\u007fb\u00ff");
    String wire = new String(CALLS.toBytes(call), StandardCharsets.ISO_8859_1);
    assertTrue(wire.contains("<string>a\u007fb\u00c3\u00bf</string>"), wire);
    assertEquals(call.params(), MethodCallReader.create().read(CALLS.toBytes(call)).params());
  }

  @Test
  void writesEachType() {
    assertEquals("<value><int>-5</int></value>", body(-5));
    assertEquals("<value><i8>9223372036854775807</i8></value>", body(Long.MAX_VALUE));
    assertEquals("<value><i8>-9223372036854775808</i8></value>", body(Long.MIN_VALUE));
    assertEquals("<value><boolean>1</boolean></value>", body(true));
    assertEquals("<value><boolean>0</boolean></value>", body(false));
    assertEquals("<value><string></string></value>", body(""));
    assertEquals("<value><double>3.25</double></value>", body(3.25));
    assertEquals(
        "<value><dateTime.iso8601>19980717T14:08:55</dateTime.iso8601></value>",
        body(LocalDateTime.of(1998, 7, 17, 14, 8, 55, 123)));
    assertEquals("<value><base64>AAEC</base64></value>", body(new byte[] {0, 1, 2}));
    assertEquals("<value><nil/></value>", body(null));
    assertEquals("<value><array><data></data></array></value>", body(List.of()));
    assertEquals("<value><struct></struct></value>", body(Map.of()));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("b", 1);
    m.put("a", List.of("x"));
    assertEquals(
        "<value><struct><member><name>b</name><value><int>1</int></value></member>"
            + "<member><name>a</name><value><array><data><value><string>x</string></value>"
            + "</data></array></value></member></struct></value>",
        body(m));
    assertEquals("<value><i8>7</i8></value>", body(7L)); // a Long is i8 even inside 32 bits
  }

  @Test
  void escapesMarkupAndCarriageReturn() {
    assertEquals(
        "<value><string>a&lt;b&gt;c&amp;d\"e'f&#13;\n\tg</string></value>",
        body("a<b>c&d\"e'f\r\n\tg"));
    assertEquals("<value><string>]]&gt;</string></value>", body("]]>"));
  }

  @Test
  void writesCharactersOutsideTheBmpAsFourUtf8Bytes() {
    byte[] doc = RESPONSES.toBytes(MethodResponse.success("\uD83D\uDE00"));
    String s = new String(doc, StandardCharsets.ISO_8859_1);
    assertTrue(s.contains("<string>\u00F0\u009F\u0098\u0080</string>"), s);
    assertTrue(!s.contains("&#"), s);
  }

  @ParameterizedTest
  @ValueSource(
      doubles = {
        0.0,
        -0.0,
        1.0,
        -1.5,
        0.1,
        1e20,
        1.5e-7,
        1e-300,
        Double.MIN_VALUE,
        Double.MAX_VALUE,
        -Double.MAX_VALUE,
        123456789.123,
        1e7,
        1e-3,
        0.30000000000000004,
        4.9e-324,
        2.2250738585072014E-308
      })
  void writesDoublesInPlainNotationThatReadBackExactly(double d) throws XmlRpcException {
    String xml = body(d);
    String digits = xml.substring("<value><double>".length(), xml.indexOf("</double>"));
    assertTrue(digits.matches("-?[0-9]+\\.[0-9]+"), digits);
    Object back =
        ((MethodResponse.Success)
                MethodResponseReader.create().read(RESPONSES.toBytes(MethodResponse.success(d))))
            .value();
    assertEquals(Double.doubleToRawLongBits(d), Double.doubleToRawLongBits((Double) back), digits);
  }

  @Test
  void refusesWhatXmlRpcCannotCarry() {
    for (Object bad :
        List.of(
            Double.NaN,
            Double.POSITIVE_INFINITY,
            "nul\u0000",
            "bell\u0007",
            "lone \uD800 surrogate",
            "reversed \uDE00\uD83D",
            "\uFFFE",
            new Object(),
            3.0f,
            LocalDateTime.of(10000, 1, 1, 0, 0),
            LocalDateTime.of(-1, 1, 1, 0, 0),
            Map.of(1, 2))) {
      assertThrows(
          UnencodableValueException.class,
          () -> RESPONSES.toBytes(MethodResponse.success(bad)),
          String.valueOf(bad));
    }
  }

  @Test
  void refusesCycles() {
    List<Object> cycle = new ArrayList<>();
    cycle.add(cycle);
    assertThrows(UnencodableValueException.class, () -> CALLS.toBytes(MethodCall.of("m", cycle)));
  }

  @Test
  void strictOptionsRefuseNilAndWriteSmallLongsAsInt() {
    MethodResponseWriter strict = new MethodResponseWriter(XmlRpcWriteOptions.strict());
    assertThrows(
        UnencodableValueException.class, () -> strict.toBytes(MethodResponse.success(null)));
    assertThrows(
        UnencodableValueException.class, () -> strict.toBytes(MethodResponse.success(1L << 40)));
    String doc = new String(strict.toBytes(MethodResponse.success(7L)), StandardCharsets.UTF_8);
    assertTrue(doc.contains("<value><int>7</int></value>"), doc);
  }

  @Test
  void writesCanonicalGoldenDocuments() throws IOException {
    assertArrayEquals(
        Golden.bytes("capas/suma.call.xml"), CALLS.toBytes(MethodCall.of("suma", 2, 3)));
    assertArrayEquals(
        Golden.bytes("capas/suma.response.xml"), RESPONSES.toBytes(MethodResponse.success(5)));
    assertArrayEquals(
        Golden.bytes("capas/fault.response.xml"),
        RESPONSES.toBytes(new Fault(FaultCodes.METHOD_NOT_FOUND, "no method <x> & \"y\"")));
    assertArrayEquals(
        Golden.bytes("capas/empty.call.xml"), CALLS.toBytes(MethodCall.of("system.listMethods")));
  }

  @Test
  void streamingWriteEqualsBufferedBytesForLargeDocuments() throws IOException {
    List<Object> big = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      big.add(i % 3 == 0 ? "s\u00e9" + i : i % 3 == 1 ? (Object) i : new byte[i % 50]);
    }
    MethodCall call = MethodCall.of("big", big, "x".repeat(5000));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CALLS.write(call, out);
    assertArrayEquals(CALLS.toBytes(call), out.toByteArray());
    MethodCall back = MethodCallReader.create().read(out.toByteArray());
    assertEquals(comparable(call.params()), comparable(back.params()));
  }

  @Test
  void readsBackOwnFaultAndNameEscaping() throws IOException {
    Fault fault = new Fault(-32601, "a\rb <&> \uD83D\uDE00");
    assertEquals(fault, MethodResponseReader.create().read(RESPONSES.toBytes(fault)));
    MethodCall call = MethodCall.of("we<ird&", 1);
    assertEquals(
        call.methodName(), MethodCallReader.create().read(CALLS.toBytes(call)).methodName());
    assertTrue(Arrays.equals(CALLS.toBytes(call), CALLS.toBytes(call)));
  }
}
