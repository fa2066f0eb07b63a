package io.capas.xmlrpc;

import static io.capas.xmlrpc.Docs.callWithValue;
import static io.capas.xmlrpc.Docs.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.testing.codec.TricklingInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shortcuts for large documents (int text read straight from the buffer, tag names left in the
 * buffer, ints formatted straight into the output) agree with the general paths at every boundary:
 * digit counts, signs, text that is not plain digits, and every place the input can be cut between
 * reads.
 */
class FastPathTest {
  private static final MethodCallReader READER = MethodCallReader.create();

  private static @Nullable Object read(String valueXml) throws XmlRpcException {
    return READER.read(callWithValue(valueXml)).params().get(0);
  }

  @ParameterizedTest
  @ValueSource(
      ints = {
        0,
        1,
        -1,
        9,
        10,
        -10,
        99,
        100,
        12345,
        999_999_999,
        -999_999_999,
        1_000_000_000,
        -1_000_000_000,
        Integer.MAX_VALUE,
        Integer.MIN_VALUE,
        Integer.MIN_VALUE + 1
      })
  void intsOfEveryLengthReadBackAndWriteExactly(int v) throws IOException {
    assertEquals(v, read("<value><int>" + v + "</int></value>"));
    assertEquals(v, read("<value><i4>" + v + "</i4></value>"));
    byte[] written = MethodResponseWriter.create().toBytes(MethodResponse.success(v));
    assertTrue(
        new String(written, StandardCharsets.UTF_8)
            .contains("<value><int>" + v + "</int></value>"));
    assertEquals(v, ((MethodResponse.Success) MethodResponseReader.create().read(written)).value());
  }

  @Test
  void intTextThatIsNotPlainDigitsTakesTheGeneralPath() throws XmlRpcException {
    assertEquals(7, read("<value><int>+7</int></value>"));
    assertEquals(0, read("<value><int>-0</int></value>"));
    assertEquals(12, read("<value><int>000000012</int></value>"));
    assertEquals(12, read("<value><int>0000000012</int></value>"));
    assertEquals(1234, read("<value><int>12<!-- c -->34</int></value>"));
    assertEquals(12, read("<value><int>&#49;2</int></value>"));
    assertEquals(12, read("<value><int>1&#50;</int></value>"));
    assertEquals(12, read("<value><int>12 </int></value>"));
    assertEquals(12, read("<value><int>12<![CDATA[]]></int></value>"));
    assertThrows(InvalidXmlRpcException.class, () -> read("<value><int>-</int></value>"));
    assertThrows(InvalidXmlRpcException.class, () -> read("<value><int>12a</int></value>"));
    assertThrows(InvalidXmlRpcException.class, () -> read("<value><int>2147483648</int></value>"));
    assertThrows(InvalidXmlRpcException.class, () -> read("<value><int>1<string/></int></value>"));
    assertThrows(MalformedXmlException.class, () -> read("<value><int>12</i4></value>"));
    assertThrows(MalformedXmlException.class, () -> read("<value><int>12</in></value>"));
  }

  @Test
  void largeArrayReadsTheSameAtAnyChunking() throws IOException {
    List<Object> ints = new ArrayList<>();
    StringBuilder xml = new StringBuilder("<value><array><data>\n");
    for (int i = 0; i < 600; i++) {
      int v = (i * 7919) ^ -(i & 1);
      if (i % 50 == 0) {
        v = i % 100 == 0 ? Integer.MIN_VALUE : Integer.MAX_VALUE;
      }
      ints.add(v);
      xml.append("<value><int>").append(v).append("</int></value>\n");
    }
    xml.append("</data></array></value>");
    byte[] doc = callWithValue(xml.toString());
    assertEquals(ints, READER.read(new ByteArrayInputStream(doc)).params().get(0));
    for (long seed = 0; seed < 8; seed++) {
      assertEquals(
          ints,
          READER.read(TricklingInputStream.of(doc, seed, 1 + (int) seed * 5)).params().get(0));
    }
    assertEquals(ints, READER.read(TricklingInputStream.oneByteAtATime(doc)).params().get(0));
    assertEquals(
        ints,
        ((MethodResponse.Success)
                MethodResponseReader.create()
                    .read(MethodResponseWriter.create().toBytes(MethodResponse.success(ints))))
            .value());
  }

  @Test
  void tagNamesInMessagesSurviveABufferRefill() {
    // An attribute long enough that the lexer refills its buffer while reading it, then a bad
    // attribute: the message still names the element, whatever the chunking.
    String attr = "a".repeat(1500);
    byte[] doc =
        utf8(
            "<methodCall><methodName>m</methodName><params><param><value><string "
                + attr
                + "='x' <bad>s</string></value></param></params></methodCall>");
    for (int i = 0; i < 4; i++) {
      long seed = i;
      MalformedXmlException e =
          assertThrows(
              MalformedXmlException.class,
              () -> READER.read(TricklingInputStream.of(doc, seed, 7)));
      assertTrue(e.getMessage().contains("<string>"), e.getMessage());
    }
    byte[] unknown = callWithValue("<value><" + "x".repeat(40) + ">1</x></value>");
    for (boolean trickle : new boolean[] {false, true}) {
      InvalidXmlRpcException e =
          assertThrows(
              InvalidXmlRpcException.class,
              () ->
                  READER.read(
                      trickle
                          ? TricklingInputStream.oneByteAtATime(unknown)
                          : new ByteArrayInputStream(unknown)));
      assertTrue(e.getMessage().contains("<" + "x".repeat(40) + ">"), e.getMessage());
    }
  }

  @Test
  void namesThatOnlyLookLikeTagsAreNotTakenForThem() throws XmlRpcException {
    // Read whole (the 8-byte name check applies) and the names differ from a tag by one byte,
    // a length, a case, a prefix or an attribute.
    for (String bad : new String[] {"Int", "intt", "in", "i4x", "ex:int", "string2", "strin"}) {
      assertThrows(
          InvalidXmlRpcException.class,
          () -> read("<value><" + bad + ">5</" + bad + "></value>"),
          bad);
    }
    assertThrows(
        InvalidXmlRpcException.class, () -> read("<value><array><datas></datas></array></value>"));
    assertEquals(5, read("<value><int a=\"1\">5</int ></value>"));
    assertEquals(5, read("<value ><int\n>5</int\t></value\r\n>"));
    assertEquals(List.of(), read("<value><array><data/></array></value>"));
    assertEquals("", read("<value/>"));
    assertEquals(null, read("<value><nil/></value>"));
  }

  @Test
  void endTagsCheckedInPlaceMatchExactly() throws XmlRpcException {
    assertEquals(1, read("<value><int>1</int></value >"));
    assertEquals(1, read("<value><i4>1</i4>\n</value>"));
    assertEquals(1, read("<value><int>1</int ></value>"));
    assertThrows(MalformedXmlException.class, () -> read("<value><int>1</int></valuex>"));
    assertThrows(MalformedXmlException.class, () -> read("<value><int>1</int></Value>"));
    assertThrows(MalformedXmlException.class, () -> read("<value><i4>1</int></value>"));
    assertThrows(
        InvalidXmlRpcException.class, () -> read("<value><int>1</int><int>2</int></value>"));
  }

  /** The call's value with base64 arrays compared by content, so equal documents compare equal. */
  private static @Nullable Object comparable(MethodCall call) {
    return PlainValues.comparable(call.params().get(0));
  }

  /** A struct of every type, in plain spelling (the fast paths) or with odd spellings mixed in. */
  private static String mixedStruct(boolean odd) {
    StringBuilder xml = new StringBuilder("<value><struct>\n");
    for (int i = 0; i < 40; i++) {
      String sp = odd && i % 3 == 0 ? " " : "";
      String value =
          switch (i % 8) {
            case 0 -> "<int>" + i + "</int>";
            case 1 -> "<string>text " + i + (odd ? " a&amp;b &#233;" : "") + "</string>";
            case 2 -> "<double>" + i + ".5</double>";
            case 3 -> "<boolean>" + (i & 1) + "</boolean>";
            case 4 -> "<dateTime.iso8601>19980717T14:08:0" + (i % 10) + "</dateTime.iso8601>";
            case 5 -> "<base64>aGVsbG8=</base64>";
            case 6 -> "<i4>" + -i + "</i4>";
            default ->
                "<array><data><value><i8>"
                    + i
                    + "</i8></value><value>untyped</value>"
                    + "</data></array>";
          };
      xml.append("<member")
          .append(sp)
          .append(">\n<name")
          .append(sp)
          .append(">m")
          .append(i)
          .append(odd && i % 5 == 0 ? "&lt;" : "")
          .append("</name")
          .append(sp)
          .append(">\n<value")
          .append(sp)
          .append(">")
          .append(value)
          .append("</value")
          .append(sp)
          .append(">\n</member")
          .append(sp)
          .append(">\n");
    }
    return xml.append("</struct></value>").toString();
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void expectedTagsAndPlainTextTakenInPlaceReadTheSameAtAnyChunking(boolean odd)
      throws IOException {
    byte[] doc = callWithValue(mixedStruct(odd));
    // One byte per read never leaves a whole tag in the buffer: the general path throughout.
    Object general = comparable(READER.read(TricklingInputStream.oneByteAtATime(doc)));
    assertEquals(general, comparable(READER.read(new ByteArrayInputStream(doc))));
    for (long seed = 0; seed < 12; seed++) {
      assertEquals(
          general, comparable(READER.read(TricklingInputStream.of(doc, seed, 3 + (int) seed * 7))));
    }
  }

  @Test
  void elementsTakenInPlaceCountAgainstTheLimitLikeAnyOther() throws IOException {
    byte[] doc = callWithValue(mixedStruct(false));
    int elements = 0;
    for (int i = 0; i + 1 < doc.length; i++) {
      if (doc[i] == '<' && doc[i + 1] != '/' && doc[i + 1] != '?') {
        elements++;
      }
    }
    MethodCallReader exact =
        new MethodCallReader(XmlRpcLimits.defaults().withMaxElements(elements));
    MethodCallReader under =
        new MethodCallReader(XmlRpcLimits.defaults().withMaxElements(elements - 1));
    Object expected = comparable(READER.read(doc));
    assertEquals(expected, comparable(exact.read(doc)));
    assertThrows(XmlRpcLimitExceededException.class, () -> under.read(doc));
    assertEquals(expected, comparable(exact.read(TricklingInputStream.oneByteAtATime(doc))));
    assertThrows(
        XmlRpcLimitExceededException.class,
        () -> under.read(TricklingInputStream.oneByteAtATime(doc)));
  }

  @Test
  void tagsThatOnlyStartLikeTheExpectedOnesAreNotTakenForThem() {
    assertThrows(
        InvalidXmlRpcException.class,
        () ->
            read(
                "<value><struct><members><name>a</name><value>1</value></members></struct>"
                    + "</value>"));
    assertThrows(
        InvalidXmlRpcException.class,
        () ->
            read(
                "<value><struct><member><names>a</names><value>1</value></member></struct>"
                    + "</value>"));
    assertThrows(
        InvalidXmlRpcException.class,
        () -> read("<value><array><data><values>1</values></data></array></value>"));
    assertThrows(InvalidXmlRpcException.class, () -> read("<value><strings>a</strings></value>"));
    assertThrows(
        MalformedXmlException.class,
        () ->
            read(
                "<value><struct><member><name>a</names><value>1</value></member></struct>"
                    + "</value>"));
    assertThrows(MalformedXmlException.class, () -> read("<value><string>a</strin></value>"));
    assertThrows(MalformedXmlException.class, () -> read("<value><string>a<b</string></value>"));
    assertThrows(
        InvalidXmlRpcException.class, () -> read("<value><struct><member/></struct></value>"));
    assertThrows(
        InvalidXmlRpcException.class,
        () ->
            read(
                "<value><struct><member><name>a</name><value>1</value></member>"
                    + "<member><name>a</name><value>2</value></member></struct></value>"));
  }
}
