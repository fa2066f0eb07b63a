package io.capas.xmlrpc;

import static io.capas.xmlrpc.Docs.callWithValue;
import static io.capas.xmlrpc.Docs.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hostile input: entity tricks, deep nesting, endless and oversized input. */
class SafetyTest {
  private static final MethodCallReader READER = MethodCallReader.create();

  @Test
  void refusesBillionLaughs() {
    String doc =
        """
        <?xml version="1.0"?>
        <!DOCTYPE lolz [
         <!ENTITY lol "lol">
         <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
         <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
        ]>
        <methodCall><methodName>&lol3;</methodName></methodCall>\
        """;
    MalformedXmlException e =
        assertThrows(MalformedXmlException.class, () -> READER.read(utf8(doc)));
    assertEquals(FaultCodes.NOT_WELL_FORMED, e.faultCode());
    assertTrue(e.getMessage().contains("DOCTYPE"), e.getMessage());
  }

  @Test
  void refusesExternalEntitiesWithoutFetching() {
    for (String doc :
        List.of(
            "<?xml version=\"1.0\"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                + "<methodCall><methodName>&xxe;</methodName></methodCall>",
            "<!DOCTYPE foo SYSTEM \"http://127.0.0.1:1/evil.dtd\"><methodCall/>",
            "<!DOCTYPE foo [<!ENTITY % p SYSTEM \"http://127.0.0.1:1/x\"> %p;]><methodCall/>")) {
      assertThrows(MalformedXmlException.class, () -> READER.read(utf8(doc)));
    }
    // Without a DOCTYPE, an entity reference is simply undefined.
    MalformedXmlException e =
        assertThrows(
            MalformedXmlException.class,
            () -> READER.read(utf8("<methodCall><methodName>&xxe;</methodName></methodCall>")));
    assertTrue(e.getMessage().contains("undefined entity"), e.getMessage());
  }

  @Test
  void rejectsHundredThousandDeepArraysAtTheDepthLimit() {
    int depth = 100_000;
    String open = "<value><array><data>";
    String close = "</data></array></value>";
    byte[] doc = callWithValue(open.repeat(depth) + "<value>x</value>" + close.repeat(depth));
    XmlRpcLimitExceededException e =
        assertThrows(XmlRpcLimitExceededException.class, () -> READER.read(doc));
    assertEquals("maxDepth", e.limit());
    assertEquals(FaultCodes.INVALID_XMLRPC, e.faultCode());
  }

  @Test
  void rejectsHundredThousandDeepStructsAtTheDepthLimit() {
    int depth = 100_000;
    String open = "<value><struct><member><name>a</name>";
    String close = "</member></struct></value>";
    byte[] doc = callWithValue(open.repeat(depth) + "<value/>" + close.repeat(depth));
    XmlRpcLimitExceededException e =
        assertThrows(XmlRpcLimitExceededException.class, () -> READER.read(doc));
    assertEquals("maxDepth", e.limit());
  }

  @Test
  void acceptsNestingUpToTheLimit() throws XmlRpcException {
    int depth = XmlRpcLimits.DEFAULT_MAX_DEPTH - 1;
    String open = "<value><array><data>";
    String close = "</data></array></value>";
    byte[] doc = callWithValue(open.repeat(depth) + "<value>x</value>" + close.repeat(depth));
    assertEquals(1, READER.read(doc).params().size());
    byte[] tooDeep =
        callWithValue(open.repeat(depth + 1) + "<value>x</value>" + close.repeat(depth + 1));
    assertThrows(XmlRpcLimitExceededException.class, () -> READER.read(tooDeep));
  }

  @Test
  void rejectsDeeplyNestedUnknownElementsAtOnce() {
    byte[] doc = utf8("<methodCall>" + "<a>".repeat(100_000));
    assertThrows(InvalidXmlRpcException.class, () -> READER.read(doc));
  }

  @Test
  void stopsEndlessInputAtTheDocumentLimit() {
    MethodCallReader small =
        new MethodCallReader(XmlRpcLimits.defaults().withMaxDocumentBytes(64 * 1024));
    String[][] cases = {
      {"", " "},
      {"<!-- ", "x"},
      {"<methodCall><methodName>", "a"},
      {"<methodCall><?pi ", "x"},
      {"<methodCall><methodName>a</methodName><params><param><value><base64>", "AAAA\n"}
    };
    for (String[] c : cases) {
      InputStream in =
          new SequenceInputStream(
              new ByteArrayInputStream(utf8(c[0])), new EndlessStream(utf8(c[1])));
      XmlRpcLimitExceededException e =
          assertThrows(XmlRpcLimitExceededException.class, () -> small.read(in), c[0]);
      assertEquals("maxDocumentBytes", e.limit());
    }
  }

  @Test
  void stopsHugeStringsAtTheStringLimit() {
    MethodCallReader small =
        new MethodCallReader(XmlRpcLimits.defaults().withMaxStringLength(1000));
    for (String valueXml :
        List.of(
            "<value><string>" + "x".repeat(1001) + "</string></value>",
            "<value>" + "\u00e9".repeat(1001) + "</value>",
            "<value><base64>" + "A".repeat(1004) + "</base64></value>",
            "<value><int>" + "1".repeat(2000) + "</int></value>")) {
      XmlRpcLimitExceededException e =
          assertThrows(
              XmlRpcLimitExceededException.class, () -> small.read(callWithValue(valueXml)));
      assertEquals("maxStringLength", e.limit());
    }
  }

  @Test
  void stopsHugeCollectionsAndElementCounts() {
    MethodCallReader small =
        new MethodCallReader(
            XmlRpcLimits.defaults().withMaxCollectionSize(100).withMaxElements(10_000));
    byte[] array =
        callWithValue("<value><array><data>" + "<value/>".repeat(101) + "</data></array></value>");
    assertEquals(
        "maxCollectionSize",
        assertThrows(XmlRpcLimitExceededException.class, () -> small.read(array)).limit());
    StringBuilder members = new StringBuilder("<value><struct>");
    for (int i = 0; i <= 100; i++) {
      members.append("<member><name>").append(i).append("</name><value/></member>");
    }
    byte[] struct = callWithValue(members.append("</struct></value>").toString());
    assertEquals(
        "maxCollectionSize",
        assertThrows(XmlRpcLimitExceededException.class, () -> small.read(struct)).limit());
    byte[] params = Docs.callWithParams("<param><value/></param>".repeat(101));
    assertEquals(
        "maxCollectionSize",
        assertThrows(XmlRpcLimitExceededException.class, () -> small.read(params)).limit());
    byte[] elements =
        callWithValue(
            "<value><array><data>"
                + "<value><array><data/></array></value>".repeat(90).repeat(1)
                + "</data></array></value>");
    assertEquals(1, assertDoesNotThrowRead(small, elements));
    MethodCallReader fewElements =
        new MethodCallReader(XmlRpcLimits.defaults().withMaxElements(50));
    assertEquals(
        "maxElements",
        assertThrows(XmlRpcLimitExceededException.class, () -> fewElements.read(elements)).limit());
  }

  private static int assertDoesNotThrowRead(MethodCallReader reader, byte[] doc) {
    try {
      return reader.read(doc).params().size();
    } catch (XmlRpcException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void neverDeserializesApacheSerializableOrFaultCause() throws XmlRpcException {
    // rO0AB... is a Java serialization stream header: it must never reach an ObjectInputStream.
    byte[] call =
        callWithValue(
            "<value><ex:serializable"
                + " xmlns:ex=\"http://ws.apache.org/xmlrpc/namespaces/extensions\">"
                + "rO0ABXNyABFqYXZhLmxhbmcuQm9vbGVhbs0gcoDVnPruAgABWgAFdmFsdWV4cAE="
                + "</ex:serializable></value>");
    InvalidXmlRpcException e = assertThrows(InvalidXmlRpcException.class, () -> READER.read(call));
    assertTrue(e.getMessage().contains("ex:serializable"), e.getMessage());
    // A fault's extra members (Apache's faultCause) are ignored: the fault is code and string only.
    MethodResponse r =
        MethodResponseReader.create()
            .read(
                utf8(
                    "<methodResponse><fault><value><struct>"
                        + "<member><name>faultCode</name><value><int>1</int></value></member>"
                        + "<member><name>faultString</name><value>boom</value></member>"
                        + "<member><name>faultCause</name>"
                        + "<value><base64>rO0ABQ==</base64></value></member>"
                        + "</struct></value></fault></methodResponse>"));
    assertEquals(new Fault(1, "boom"), r);
  }

  @Test
  void refusesHugeNamesAttributesAndReferencesEarly() {
    String big = "x".repeat(1_000_000);
    for (String doc :
        List.of(
            "<methodCall><" + big + ">",
            "<methodCall a=\"" + big + "\"><methodName>a</methodName></methodCall>",
            "<methodCall " + big + "=\"1\"><methodName>a</methodName></methodCall>",
            "<methodCall><methodName>&#" + "0".repeat(100) + "65;</methodName></methodCall>",
            "<methodCall><methodName>&" + big + ";</methodName></methodCall>",
            "<?xml version=\"1.0\" encoding=\"" + big + "\"?><methodCall/>")) {
      MalformedXmlException e =
          assertThrows(MalformedXmlException.class, () -> READER.read(utf8(doc)));
      assertTrue(e.getMessage().length() < 200, e.getMessage());
    }
  }

  @Test
  void exceptionsTurnIntoFaults() {
    XmlRpcException e =
        assertThrows(XmlRpcException.class, () -> READER.read(utf8("<!DOCTYPE x><methodCall/>")));
    Fault fault = e.toFault();
    assertEquals(FaultCodes.NOT_WELL_FORMED, fault.code());
    assertEquals(e.getMessage(), fault.message());
  }

  @Test
  void limitsValidateTheirArguments() {
    assertThrows(IllegalArgumentException.class, () -> XmlRpcLimits.defaults().withMaxDepth(0));
    assertThrows(
        IllegalArgumentException.class, () -> XmlRpcLimits.defaults().withMaxDepth(10_001));
    assertThrows(
        IllegalArgumentException.class, () -> XmlRpcLimits.defaults().withMaxDocumentBytes(0));
    assertFalse(XmlRpcLimits.defaults().maxDepth() < 64);
  }

  /** Repeats a pattern forever. */
  private static final class EndlessStream extends InputStream {
    private final byte[] pattern;
    private long i;

    EndlessStream(byte[] pattern) {
      this.pattern = pattern;
    }

    @Override
    public int read() {
      return pattern[(int) (i++ % pattern.length)];
    }

    @Override
    public int read(byte[] b, int off, int len) {
      for (int k = 0; k < len; k++) {
        b[off + k] = pattern[(int) (i++ % pattern.length)];
      }
      return len;
    }
  }
}
