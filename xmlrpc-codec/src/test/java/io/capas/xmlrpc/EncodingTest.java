package io.capas.xmlrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.capas.testing.codec.TricklingInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The XML declaration's encoding and the byte order mark are honoured on input. */
class EncodingTest {
  private static final String TEXT = "caf\u00e9 \u00fc\u00df";
  private static final String WIDE = "\u20ac \u4e2d \uD83D\uDE00";

  private static String doc(String encodingDecl, String text) {
    return "<?xml version=\"1.0\""
        + encodingDecl
        + "?>\n<methodCall><methodName>m</methodName>"
        + "<params><param><value><string>"
        + text
        + "</string></value></param></params></methodCall>";
  }

  private static Object firstParam(byte[] wire) throws IOException {
    return MethodCallReader.create().read(TricklingInputStream.of(wire, 42, 3)).params().get(0);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ISO-8859-1", "iso-8859-1", "latin1", "ISO8859-1"})
  void readsLatin1Declared(String label) throws IOException {
    byte[] wire = doc(" encoding=\"" + label + "\"", TEXT).getBytes(StandardCharsets.ISO_8859_1);
    assertEquals(TEXT, firstParam(wire));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " encoding=\"UTF-8\"", " encoding='utf-8'"})
  void readsUtf8ByDefaultAndDeclared(String decl) throws IOException {
    assertEquals(TEXT + WIDE, firstParam(doc(decl, TEXT + WIDE).getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void readsUtf8WithByteOrderMark() throws IOException {
    byte[] body = doc(" encoding=\"UTF-8\"", WIDE).getBytes(StandardCharsets.UTF_8);
    byte[] wire = new byte[body.length + 3];
    wire[0] = (byte) 0xEF;
    wire[1] = (byte) 0xBB;
    wire[2] = (byte) 0xBF;
    System.arraycopy(body, 0, wire, 3, body.length);
    assertEquals(WIDE, firstParam(wire));
  }

  @Test
  void readsUtf16InEveryByteOrderWithAndWithoutDeclarationOrBom() throws IOException {
    for (Charset cs : List.of(StandardCharsets.UTF_16BE, StandardCharsets.UTF_16LE)) {
      for (String decl : List.of(" encoding=\"UTF-16\"", "")) {
        byte[] noBom = doc(decl, TEXT + WIDE).getBytes(cs);
        if (!decl.isEmpty()) {
          // No BOM but a declaration: detected from the first bytes "<?".
          assertEquals(TEXT + WIDE, firstParam(noBom), cs + decl);
        }
        ByteArrayOutputStream withBom = new ByteArrayOutputStream();
        withBom.write("\uFEFF".getBytes(cs));
        withBom.write(noBom);
        assertEquals(TEXT + WIDE, firstParam(withBom.toByteArray()), cs + decl + " BOM");
      }
    }
  }

  @Test
  void rejectsUtf16WithUnpairedSurrogate() {
    // String.getBytes would replace the lone surrogate, so encode UTF-16BE by hand.
    String s = doc(" encoding=\"UTF-16\"", "x\uD800y");
    byte[] bad = new byte[s.length() * 2];
    for (int i = 0; i < s.length(); i++) {
      bad[2 * i] = (byte) (s.charAt(i) >> 8);
      bad[2 * i + 1] = (byte) s.charAt(i);
    }
    XmlRpcException e = assertThrows(XmlRpcException.class, () -> firstParam(bad));
    assertEquals(FaultCodes.INVALID_CHARACTER, e.faultCode(), e.getMessage());
  }

  /**
   * The first problem in document order is the one reported, however the bytes arrive: the
   * transcoder used to lose the characters it decoded in the same read as a malformed sequence, so
   * a whole document reported a later invalid character and a trickled one its bad root.
   */
  @Test
  void reportsTheFirstProblemOfAUtf16DocumentWhateverTheReads() {
    String badRoot = doc(" encoding=\"UTF-16\"", "x\uD800y").replace("methodCall", "notACall");
    assertRefusedAlike(utf16be(badRoot), MethodCallReader.create(), InvalidXmlRpcException.class);
    String badLater = doc(" encoding=\"UTF-16\"", "x\uD800y").replace("</params>", "<bad/>");
    assertRefusedAlike(utf16be(badLater), MethodCallReader.create(), MalformedXmlException.class);
  }

  /** The document size limit, too, is met in document order (an earlier error comes first). */
  @Test
  void reportsAnErrorBeforeTheSizeLimitWhateverTheReads() {
    MethodCallReader small =
        new MethodCallReader(XmlRpcLimits.defaults().withMaxDocumentBytes(300));
    String big = doc("", "x".repeat(1000));
    for (Charset cs : List.of(StandardCharsets.UTF_8, StandardCharsets.UTF_16LE)) {
      byte[] badRoot = big.replace("methodCall", "notACall").getBytes(cs);
      assertRefusedAlike(badRoot, small, InvalidXmlRpcException.class);
      byte[] tooBig = big.getBytes(cs);
      for (int maxRead : new int[] {1, 7, 64, 100_000}) {
        assertThrows(
            XmlRpcLimitExceededException.class,
            () -> small.read(TricklingInputStream.of(tooBig, maxRead, maxRead)),
            cs + " in reads of " + maxRead);
      }
    }
  }

  private static void assertRefusedAlike(
      byte[] wire, MethodCallReader reader, Class<? extends XmlRpcException> refusal) {
    XmlRpcException whole = assertThrows(XmlRpcException.class, () -> reader.read(wire));
    assertEquals(refusal, whole.getClass(), "whole: " + whole.getMessage());
    for (int maxRead = 1; maxRead <= 16; maxRead++) {
      int m = maxRead;
      XmlRpcException trickled =
          assertThrows(
              XmlRpcException.class, () -> reader.read(TricklingInputStream.of(wire, m, m)));
      assertEquals(refusal, trickled.getClass(), "reads of " + m + ": " + trickled.getMessage());
    }
  }

  /** UTF-16BE by hand: String.getBytes would replace a lone surrogate. */
  private static byte[] utf16be(String s) {
    byte[] bytes = new byte[s.length() * 2];
    for (int i = 0; i < s.length(); i++) {
      bytes[2 * i] = (byte) (s.charAt(i) >> 8);
      bytes[2 * i + 1] = (byte) s.charAt(i);
    }
    return bytes;
  }

  @Test
  void rejectsUtf16DeclaringAnotherEncoding() {
    byte[] wire = doc(" encoding=\"ISO-8859-1\"", TEXT).getBytes(StandardCharsets.UTF_16LE);
    XmlRpcException e = assertThrows(XmlRpcException.class, () -> firstParam(wire));
    assertEquals(FaultCodes.UNSUPPORTED_ENCODING, e.faultCode(), e.getMessage());
  }

  @Test
  void rejectsUtf16BeyondTheDocumentLimit() {
    byte[] wire =
        doc(" encoding=\"UTF-16\"", "x".repeat(10_000)).getBytes(StandardCharsets.UTF_16LE);
    MethodCallReader small =
        new MethodCallReader(XmlRpcLimits.defaults().withMaxDocumentBytes(5_000));
    assertThrows(XmlRpcLimitExceededException.class, () -> small.read(wire));
  }

  @Test
  void truncatedUtf16FailsTyped() {
    byte[] wire = doc(" encoding=\"UTF-16\"", TEXT).getBytes(StandardCharsets.UTF_16BE);
    for (int cut = 1; cut < wire.length; cut += 7) {
      byte[] prefix = Arrays.copyOf(wire, cut);
      assertThrows(
          MalformedXmlException.class, () -> MethodCallReader.create().read(prefix), "cut " + cut);
    }
  }
}
