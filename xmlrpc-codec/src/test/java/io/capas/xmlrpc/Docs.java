package io.capas.xmlrpc;

import java.nio.charset.StandardCharsets;

/** Small builders of test documents. */
final class Docs {
  private Docs() {}

  /** A call to {@code m} with the given params XML, as UTF-8 bytes. */
  static byte[] callWithParams(String paramsXml) {
    return utf8(
        "<?xml version=\"1.0\"?><methodCall><methodName>m</methodName><params>"
            + paramsXml
            + "</params></methodCall>");
  }

  /** A call to {@code m} with one param holding {@code valueXml} (a whole {@code <value>}). */
  static byte[] callWithValue(String valueXml) {
    return callWithParams("<param>" + valueXml + "</param>");
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
