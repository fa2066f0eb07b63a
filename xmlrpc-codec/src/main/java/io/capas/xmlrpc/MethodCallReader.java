package io.capas.xmlrpc;

import static com.google.common.base.Preconditions.checkNotNull;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Parses a {@code <methodCall>} straight from a byte stream.
 *
 * <pre>{@code
 * <?xml version="1.0"?>                         optional; encoding UTF-8 (default),
 * <methodCall>                                  US-ASCII, ISO-8859-1, or UTF-16 (BOM)
 *   <methodName>suma</methodName>
 *   <params>                                    optional, may be empty
 *     <param><value><int>2</int></value></param>   one value per param
 *   </params>
 * </methodCall>
 * }</pre>
 *
 * <p>Values come back in the plain Java mapping:
 *
 * <pre>
 *   &lt;int&gt; or &lt;i4&gt;             Integer
 *   &lt;i8&gt; or &lt;ex:i8&gt;           Long
 *   &lt;boolean&gt;                Boolean
 *   &lt;string&gt;, untyped text   String
 *   &lt;double&gt;                 Double
 *   &lt;dateTime.iso8601&gt;       LocalDateTime, or OffsetDateTime with a zone
 *   &lt;base64&gt;                 byte[]
 *   &lt;struct&gt;                 LinkedHashMap&lt;String, Object&gt; in document order
 *   &lt;array&gt;                  ArrayList&lt;Object&gt;
 *   &lt;nil/&gt; or &lt;ex:nil/&gt;       null
 * </pre>
 *
 * <p>A duplicate struct member name is an error. The collections are fresh and belong to the
 * caller.
 *
 * <p>What is accepted beyond the base spec, deliberately: untyped {@code <value>text</value>} and
 * {@code <value/>} are strings, whitespace kept; whitespace around a typed child of {@code <value>}
 * is ignored; {@code <i8>}/{@code <ex:i8>} and {@code <nil/>}/{@code <ex:nil/>} (any namespace
 * prefix); booleans {@code true}/{@code false}; doubles with an exponent; {@code <array/>}; base64
 * with line breaks. Dates: {@code 19980717T14:08:55} and {@code 1998-07-17T14:08:55}, optionally
 * with a fraction of a second, and a date alone ({@code 19980717}, its midnight). <b>Zone rule:</b>
 * the spec's dates carry no zone, so they map to {@link java.time.LocalDateTime} with the
 * wall-clock fields as written; a trailing {@code Z} or {@code +hh:mm} (which capas, Python's
 * {@code DateTime} and others write) makes it an {@link java.time.OffsetDateTime} keeping that
 * offset, so the instant is never lost.
 *
 * <p>What is refused: any DOCTYPE (no DTD is ever processed, so no entity expansion and no external
 * fetch), entities other than the five predefined ones, an int outside 32 bits, NaN and infinity,
 * unknown or Apache-only element types such as {@code ex:serializable} (nothing is ever
 * deserialized as a Java object), text after the root element, and input beyond the {@link
 * XmlRpcLimits}.
 *
 * <p>The stream is read to its end (the document must be all of it) and is not closed. Immutable
 * and thread-safe; each call parses independently.
 */
public final class MethodCallReader {
  private final XmlRpcLimits limits;

  public MethodCallReader(XmlRpcLimits limits) {
    this.limits = checkNotNull(limits, "limits");
  }

  /** A reader with {@link XmlRpcLimits#defaults()}. */
  public static MethodCallReader create() {
    return new MethodCallReader(XmlRpcLimits.defaults());
  }

  /**
   * Parses one call from the whole stream.
   *
   * @throws XmlRpcException for bad input, carrying the fault code to answer with
   * @throws IOException when the stream fails
   */
  public MethodCall read(InputStream in) throws IOException {
    return new XmlRpcParser(in, limits).methodCall();
  }

  /** Parses one call from the given bytes. */
  public MethodCall read(byte[] document) throws XmlRpcException {
    try {
      return read(new ByteArrayInputStream(document));
    } catch (XmlRpcException e) {
      throw e;
    } catch (IOException e) {
      throw new AssertionError("no I/O on a byte array", e);
    }
  }
}
