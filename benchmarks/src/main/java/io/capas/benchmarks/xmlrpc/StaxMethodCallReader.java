package io.capas.benchmarks.xmlrpc;

import java.io.ByteArrayInputStream;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A methodCall reader over any StAX implementation (JDK, Woodstox, Aalto) doing the same work as
 * capas' hand-written parser, for the parser choice measurement. DTDs and external entities off, as
 * STYLE.md asks of a StAX factory. Only what the benchmark payloads need is strict.
 */
final class StaxMethodCallReader {
  private static final DateTimeFormatter SPEC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HH:mm:ss");
  private final XMLInputFactory factory;

  StaxMethodCallReader(XMLInputFactory factory) {
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLInputFactory.IS_COALESCING, true);
    this.factory = factory;
  }

  /** Returns {methodName, params}. */
  Object[] read(byte[] wire) throws XMLStreamException {
    XMLStreamReader r = factory.createXMLStreamReader(new ByteArrayInputStream(wire));
    try {
      r.nextTag(); // methodCall
      r.nextTag(); // methodName
      String name = r.getElementText();
      List<Object> params = new ArrayList<>();
      if (r.nextTag() == XMLStreamConstants.START_ELEMENT) { // params
        while (r.nextTag() == XMLStreamConstants.START_ELEMENT) { // param
          r.nextTag(); // value
          params.add(value(r));
          r.nextTag(); // </param>
        }
        r.nextTag(); // </methodCall>
      }
      return new Object[] {name, params};
    } finally {
      r.close();
    }
  }

  /** At a value start tag: reads through its end tag. */
  private static Object value(XMLStreamReader r) throws XMLStreamException {
    StringBuilder text = new StringBuilder();
    int e;
    while ((e = r.next()) == XMLStreamConstants.CHARACTERS || e == XMLStreamConstants.SPACE) {
      text.append(r.getText());
    }
    if (e == XMLStreamConstants.END_ELEMENT) {
      return text.toString();
    }
    String type = r.getLocalName();
    Object v =
        switch (type) {
          case "int", "i4" -> Integer.parseInt(r.getElementText().trim());
          case "i8" -> Long.parseLong(r.getElementText().trim());
          case "boolean" -> r.getElementText().trim().equals("1");
          case "string" -> r.getElementText();
          case "double" -> Double.parseDouble(r.getElementText().trim());
          case "dateTime.iso8601" -> LocalDateTime.parse(r.getElementText().trim(), SPEC);
          case "base64" -> Base64.getMimeDecoder().decode(r.getElementText());
          case "nil" -> {
            r.nextTag();
            yield null;
          }
          case "struct" -> {
            Map<String, Object> m = new LinkedHashMap<>();
            while (r.nextTag() == XMLStreamConstants.START_ELEMENT) { // member
              r.nextTag(); // name
              String name = r.getElementText();
              r.nextTag(); // value
              if (m.put(name, value(r)) != null) {
                throw new XMLStreamException("duplicate member " + name);
              }
              r.nextTag(); // </member>
            }
            yield m;
          }
          case "array" -> {
            List<Object> l = new ArrayList<>();
            r.nextTag(); // data
            while (r.nextTag() == XMLStreamConstants.START_ELEMENT) { // value
              l.add(value(r));
            }
            r.nextTag(); // </array>
            yield l;
          }
          default -> throw new XMLStreamException("unsupported type " + type);
        };
    r.nextTag(); // </value>
    return v;
  }
}
