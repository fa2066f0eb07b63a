package io.capas.xmlrpc;

import static io.capas.xmlrpc.Docs.callWithValue;
import static io.capas.xmlrpc.Docs.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Malformed documents, each with the exception type and fault code it must give. */
class MalformedInputTest {
  private static final int WELL = FaultCodes.NOT_WELL_FORMED;
  private static final int INVALID = FaultCodes.INVALID_XMLRPC;
  private static final int CHAR = FaultCodes.INVALID_CHARACTER;
  private static final int ENCODING = FaultCodes.UNSUPPORTED_ENCODING;

  static Stream<Arguments> badCalls() {
    Class<?> malformed = MalformedXmlException.class;
    Class<?> invalid = InvalidXmlRpcException.class;
    Class<?> truncated = TruncatedXmlException.class;
    return Stream.of(
        // not XML
        Arguments.of("empty", "", truncated, WELL),
        Arguments.of("only whitespace", "  \n ", truncated, WELL),
        Arguments.of("text", "hello", malformed, WELL),
        Arguments.of("text before root", "x<methodCall/>", malformed, WELL),
        Arguments.of("mismatched end", "<methodCall><methodName>a</methodCall>", malformed, WELL),
        Arguments.of("end tag first", "</methodCall>", malformed, WELL),
        Arguments.of(
            "two roots",
            "<methodCall><methodName>a</methodName></methodCall><methodCall/>",
            malformed,
            WELL),
        Arguments.of(
            "text after root",
            "<methodCall><methodName>a</methodName></methodCall>x",
            malformed,
            WELL),
        Arguments.of(
            "bad name char",
            "<methodCall><method%Name>a</methodName></methodCall>",
            malformed,
            WELL),
        Arguments.of("space after <", "< methodCall/>", malformed, WELL),
        Arguments.of(
            "unquoted attribute",
            "<methodCall a=b><methodName>a</methodName></methodCall>",
            malformed,
            WELL),
        Arguments.of(
            "attribute without value",
            "<methodCall a><methodName>a</methodName></methodCall>",
            malformed,
            WELL),
        Arguments.of(
            "undefined entity",
            "<methodCall><methodName>&nbsp;</methodName></methodCall>",
            malformed,
            WELL),
        Arguments.of(
            "bad char ref",
            "<methodCall><methodName>&#xZZ;</methodName></methodCall>",
            malformed,
            WELL),
        Arguments.of(
            "unterminated ref",
            "<methodCall><methodName>&ampampampampamp</methodName></methodCall>",
            malformed,
            WELL),
        Arguments.of(
            "doctype",
            "<!DOCTYPE methodCall><methodCall><methodName>a</methodName></methodCall>",
            malformed,
            WELL),
        Arguments.of("bad markup", "<methodCall><!ELEMENT x></methodCall>", malformed, WELL),
        Arguments.of("bad declaration", "<?xml version=1.0?><methodCall/>", malformed, WELL),
        // characters and encodings
        Arguments.of(
            "char ref to NUL",
            "<methodCall><methodName>&#0;</methodName></methodCall>",
            malformed,
            CHAR),
        Arguments.of(
            "char ref to surrogate",
            "<methodCall><methodName>&#xD800;</methodName></methodCall>",
            malformed,
            CHAR),
        Arguments.of(
            "char ref beyond unicode",
            "<methodCall><methodName>&#x110000;</methodName></methodCall>",
            malformed,
            CHAR),
        Arguments.of(
            "control char",
            "<methodCall><methodName>a\u0001</methodName></methodCall>",
            malformed,
            CHAR),
        Arguments.of(
            "unknown encoding",
            "<?xml version=\"1.0\" encoding=\"EBCDIC\"?><methodCall/>",
            malformed,
            ENCODING),
        Arguments.of(
            "utf-16 declared on ascii bytes",
            "<?xml version=\"1.0\" encoding=\"UTF-16\"?><methodCall/>",
            malformed,
            ENCODING),
        // not XML-RPC
        Arguments.of("wrong root", "<methodResponse/>", invalid, INVALID),
        Arguments.of("empty call", "<methodCall/>", invalid, INVALID),
        Arguments.of("no method name", "<methodCall><params/></methodCall>", invalid, INVALID),
        Arguments.of(
            "empty method name",
            "<methodCall><methodName></methodName></methodCall>",
            invalid,
            INVALID),
        Arguments.of(
            "element in method name",
            "<methodCall><methodName><b/></methodName></methodCall>",
            invalid,
            INVALID),
        Arguments.of(
            "text in call",
            "<methodCall>x<methodName>a</methodName></methodCall>",
            invalid,
            INVALID),
        Arguments.of(
            "unknown element",
            "<methodCall><methodName>a</methodName><foo/></methodCall>",
            invalid,
            INVALID),
        Arguments.of(
            "param without value",
            "<methodCall><methodName>a</methodName><params><param/></params></methodCall>",
            invalid,
            INVALID));
  }

  static Stream<Arguments> badValues() {
    Class<?> invalid = InvalidXmlRpcException.class;
    Class<?> malformed = MalformedXmlException.class;
    return Stream.of(
        Arguments.of("int over 32 bits", "<value><int>2147483648</int></value>", invalid, INVALID),
        Arguments.of("int under 32 bits", "<value><i4>-2147483649</i4></value>", invalid, INVALID),
        Arguments.of(
            "i8 overflow", "<value><i8>9223372036854775808</i8></value>", invalid, INVALID),
        Arguments.of(
            "int huge", "<value><int>" + "9".repeat(5000) + "</int></value>", invalid, INVALID),
        Arguments.of("int empty", "<value><int/></value>", invalid, INVALID),
        Arguments.of("int sign only", "<value><int>-</int></value>", invalid, INVALID),
        Arguments.of("int decimal", "<value><int>1.0</int></value>", invalid, INVALID),
        Arguments.of("int hex", "<value><int>0x10</int></value>", invalid, INVALID),
        Arguments.of("int inner space", "<value><int>1 2</int></value>", invalid, INVALID),
        Arguments.of("boolean 2", "<value><boolean>2</boolean></value>", invalid, INVALID),
        Arguments.of("boolean yes", "<value><boolean>yes</boolean></value>", invalid, INVALID),
        Arguments.of("double NaN", "<value><double>NaN</double></value>", invalid, INVALID),
        Arguments.of(
            "double infinity", "<value><double>Infinity</double></value>", invalid, INVALID),
        Arguments.of("double overflow", "<value><double>1e999</double></value>", invalid, INVALID),
        Arguments.of("double hex", "<value><double>0x1p3</double></value>", invalid, INVALID),
        Arguments.of("double suffix", "<value><double>1.0d</double></value>", invalid, INVALID),
        Arguments.of(
            "double bare exponent", "<value><double>1e</double></value>", invalid, INVALID),
        Arguments.of("double dot only", "<value><double>.</double></value>", invalid, INVALID),
        Arguments.of("double empty", "<value><double></double></value>", invalid, INVALID),
        Arguments.of(
            "date no T",
            "<value><dateTime.iso8601>19980717 14:08:55</dateTime.iso8601></value>",
            invalid,
            INVALID),
        Arguments.of(
            "date month 13",
            "<value><dateTime.iso8601>19981317T14:08:55</dateTime.iso8601></value>",
            invalid,
            INVALID),
        Arguments.of(
            "date short",
            "<value><dateTime.iso8601>1998071T14:08:55</dateTime.iso8601></value>",
            invalid,
            INVALID),
        Arguments.of(
            "date trailing junk",
            "<value><dateTime.iso8601>19980717T14:08:55xyz</dateTime.iso8601></value>",
            invalid,
            INVALID),
        Arguments.of(
            "date without its time after T",
            "<value><dateTime.iso8601>19980717T</dateTime.iso8601></value>",
            invalid,
            INVALID),
        Arguments.of(
            "date alone too short",
            "<value><dateTime.iso8601>1998071</dateTime.iso8601></value>",
            invalid,
            INVALID),
        Arguments.of(
            "date offset out of range",
            "<value><dateTime.iso8601>19980717T14:08:55+19:00</dateTime.iso8601></value>",
            invalid,
            INVALID),
        Arguments.of(
            "date offset minutes out of range",
            "<value><dateTime.iso8601>19980717T14:08:55+01:75</dateTime.iso8601></value>",
            invalid,
            INVALID),
        Arguments.of("base64 bad char", "<value><base64>AA*=</base64></value>", invalid, INVALID),
        Arguments.of("base64 bad length", "<value><base64>A</base64></value>", invalid, INVALID),
        Arguments.of(
            "duplicate member",
            "<value><struct><member><name>a</name><value>1</value></member>"
                + "<member><name>a</name><value>2</value></member></struct></value>",
            invalid,
            INVALID),
        Arguments.of(
            "member without name",
            "<value><struct><member><value>1</value></member></struct></value>",
            invalid,
            INVALID),
        Arguments.of(
            "member without value",
            "<value><struct><member><name>a</name></member></struct></value>",
            invalid,
            INVALID),
        Arguments.of("empty member", "<value><struct><member/></struct></value>", invalid, INVALID),
        Arguments.of(
            "value in struct",
            "<value><struct><value>1</value></struct></value>",
            invalid,
            INVALID),
        Arguments.of(
            "array without data",
            "<value><array><value>1</value></array></value>",
            invalid,
            INVALID),
        Arguments.of("text in array", "<value><array>x<data/></array></value>", invalid, INVALID),
        Arguments.of("mixed value", "<value>x<int>1</int></value>", invalid, INVALID),
        Arguments.of(
            "two types in value", "<value><int>1</int><int>2</int></value>", invalid, INVALID),
        Arguments.of("element in int", "<value><int><i4>1</i4></int></value>", invalid, INVALID),
        Arguments.of("nil with content", "<value><nil>x</nil></value>", invalid, INVALID),
        Arguments.of(
            "serializable",
            "<value><ex:serializable>rO0ABXQAA2Zvbw==</ex:serializable></value>",
            invalid,
            INVALID),
        Arguments.of("ex:dom", "<value><ex:dom><a/></ex:dom></value>", invalid, INVALID),
        Arguments.of("ex:i1", "<value><ex:i1>1</ex:i1></value>", invalid, INVALID),
        Arguments.of("unknown type", "<value><float>1.0</float></value>", invalid, INVALID),
        Arguments.of("mismatched scalar end", "<value><int>1</i4></value>", malformed, WELL));
  }

  static Stream<Arguments> badResponses() {
    Class<?> invalid = InvalidXmlRpcException.class;
    String p = "<methodResponse>";
    String s = "</methodResponse>";
    return Stream.of(
        Arguments.of("empty", "<methodResponse/>", invalid),
        Arguments.of("no params or fault", p + s, invalid),
        Arguments.of("empty params", p + "<params/>" + s, invalid),
        Arguments.of("no param", p + "<params></params>" + s, invalid),
        Arguments.of(
            "two params",
            p
                + "<params><param><value>1</value></param><param><value>2</value></param></params>"
                + s,
            invalid),
        Arguments.of("fault not struct", p + "<fault><value>x</value></fault>" + s, invalid),
        Arguments.of(
            "fault without code",
            p
                + "<fault><value><struct>"
                + "<member><name>faultString</name><value>x</value></member>"
                + "</struct></value></fault>"
                + s,
            invalid),
        Arguments.of(
            "fault string code",
            p
                + "<fault><value><struct>"
                + "<member><name>faultCode</name><value>1</value></member>"
                + "<member><name>faultString</name><value>x</value></member>"
                + "</struct></value></fault>"
                + s,
            invalid),
        Arguments.of(
            "fault int string",
            p
                + "<fault><value><struct>"
                + "<member><name>faultCode</name><value><int>1</int></value></member>"
                + "<member><name>faultString</name><value><int>2</int></value></member>"
                + "</struct></value></fault>"
                + s,
            invalid),
        Arguments.of("empty fault", p + "<fault/>" + s, invalid),
        Arguments.of(
            "params and fault",
            p + "<params><param><value>1</value></param></params><fault/>" + s,
            invalid),
        Arguments.of("call root", "<methodCall><methodName>a</methodName></methodCall>", invalid));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badCalls")
  void rejectsBadCall(String what, String doc, Class<? extends XmlRpcException> type, int code) {
    XmlRpcException e =
        assertThrows(XmlRpcException.class, () -> MethodCallReader.create().read(utf8(doc)));
    assertEquals(type, e.getClass(), e.getMessage());
    assertEquals(code, e.faultCode(), e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badValues")
  void rejectsBadValue(
      String what, String valueXml, Class<? extends XmlRpcException> type, int code) {
    XmlRpcException e =
        assertThrows(
            XmlRpcException.class, () -> MethodCallReader.create().read(callWithValue(valueXml)));
    assertEquals(type, e.getClass(), e.getMessage());
    assertEquals(code, e.faultCode(), e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badResponses")
  void rejectsBadResponse(String what, String doc, Class<? extends XmlRpcException> type) {
    XmlRpcException e =
        assertThrows(XmlRpcException.class, () -> MethodResponseReader.create().read(utf8(doc)));
    assertEquals(type, e.getClass(), e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badUtf8")
  void rejectsBadUtf8WithInvalidCharacter(String what, byte[] bad) {
    byte[] head = utf8("<methodCall><methodName>a");
    byte[] tail = utf8("</methodName></methodCall>");
    byte[] doc = new byte[head.length + bad.length + tail.length];
    System.arraycopy(head, 0, doc, 0, head.length);
    System.arraycopy(bad, 0, doc, head.length, bad.length);
    System.arraycopy(tail, 0, doc, head.length + bad.length, tail.length);
    XmlRpcException e =
        assertThrows(XmlRpcException.class, () -> MethodCallReader.create().read(doc));
    assertEquals(CHAR, e.faultCode(), e.getMessage());
  }

  static Stream<Arguments> badUtf8() {
    return Stream.of(
        Arguments.of("lone continuation", new byte[] {(byte) 0x80}),
        Arguments.of("overlong slash", new byte[] {(byte) 0xC0, (byte) 0xAF}),
        Arguments.of("overlong 3-byte", new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0xAF}),
        Arguments.of("surrogate", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}),
        Arguments.of(
            "beyond U+10FFFF", new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}),
        Arguments.of("U+FFFF", new byte[] {(byte) 0xEF, (byte) 0xBF, (byte) 0xBF}),
        Arguments.of("missing continuation", new byte[] {(byte) 0xE2, (byte) 0x82, 'x'}),
        Arguments.of("0xFF", new byte[] {(byte) 0xFF}),
        Arguments.of("NUL", new byte[] {0}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("asciiOnly")
  void rejectsHighByteInAsciiDocument(String what, String encoding) {
    byte[] doc =
        ("<?xml version=\"1.0\" encoding=\""
                + encoding
                + "\"?><methodCall><methodName>\u00e9</methodName></methodCall>")
            .getBytes(StandardCharsets.ISO_8859_1);
    XmlRpcException e =
        assertThrows(XmlRpcException.class, () -> MethodCallReader.create().read(doc));
    assertEquals(CHAR, e.faultCode(), e.getMessage());
  }

  static Stream<Arguments> asciiOnly() {
    return Stream.of(
        Arguments.of("us-ascii", "US-ASCII"), Arguments.of("utf-8 given latin1", "UTF-8"));
  }
}
