package io.capas.xmlrpc;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.capas.testing.codec.Golden;
import io.capas.testing.codec.Truncations;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every proper prefix of a document ends inside it, and gives TruncatedXmlException. */
class TruncationTest {

  /** The document without trailing whitespace: a prefix holding the whole root is complete. */
  private static byte[] trimmed(byte[] doc) {
    int end = doc.length;
    while (end > 0 && (doc[end - 1] == '\n' || doc[end - 1] == ' ')) {
      end--;
    }
    return Arrays.copyOf(doc, end);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "python/suma.request.xml",
        "python/echo-struct.request.xml",
        "python/nothing.request.xml",
        "capas/suma.call.xml"
      })
  void everyTruncatedCallFailsTyped(String golden) {
    byte[] doc = trimmed(Golden.bytes(golden));
    for (byte[] prefix : Truncations.properPrefixes(doc)) {
      assertThrows(
          TruncatedXmlException.class,
          () -> MethodCallReader.create().read(prefix),
          () -> new String(prefix, StandardCharsets.UTF_8));
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "python/suma.response.xml",
        "python/echo-struct.response.xml",
        "python/unknown-method.response.xml",
        "capas/fault.response.xml"
      })
  void everyTruncatedResponseFailsTyped(String golden) {
    byte[] doc = trimmed(Golden.bytes(golden));
    for (byte[] prefix : Truncations.properPrefixes(doc)) {
      assertThrows(
          TruncatedXmlException.class,
          () -> MethodResponseReader.create().read(prefix),
          () -> new String(prefix, StandardCharsets.UTF_8));
    }
  }
}
