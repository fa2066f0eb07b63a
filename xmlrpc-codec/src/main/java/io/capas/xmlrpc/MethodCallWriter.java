package io.capas.xmlrpc;

import static com.google.common.base.Preconditions.checkNotNull;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a {@code <methodCall>} as UTF-8, straight to a stream, in one line after the XML
 * declaration:
 *
 * <pre>{@code
 * <?xml version="1.0" encoding="UTF-8"?>\n
 * <methodCall><methodName>suma</methodName><params><param><value><int>2</int></value></param>
 *   ...</params></methodCall>\n                  (one line on the wire, wrapped here)
 * }</pre>
 *
 * <p>Values are written from the plain Java mapping:
 *
 * <pre>
 *   Integer         &lt;int&gt;
 *   Long            &lt;i8&gt;, even inside 32 bits (see {@link XmlRpcWriteOptions})
 *   Boolean         &lt;boolean&gt; 0 or 1
 *   String          &lt;string&gt;
 *   Double          &lt;double&gt; in plain decimal notation that reads back as the same double;
 *                   NaN and the infinities are refused
 *   LocalDateTime   &lt;dateTime.iso8601&gt; in the spec form 19980717T14:08:55 (fractions of a
 *                   second are dropped)
 *   OffsetDateTime  &lt;dateTime.iso8601&gt; 19980717T14:08:55Z, or with +hh:mm
 *   BigDecimal      &lt;ex:bigdecimal&gt;, BigInteger &lt;ex:biginteger&gt; (Apache's extensions,
 *                   the namespace declared on their value element)
 *   byte[]          &lt;base64&gt; without line breaks
 *   Map&lt;String, ?&gt;  &lt;struct&gt; in iteration order
 *   List&lt;?&gt;         &lt;array&gt;
 *   null            &lt;nil/&gt; (see {@link XmlRpcWriteOptions})
 * </pre>
 *
 * <p>Strings survive exactly: CR is written as <code>&amp;#13;</code>, characters outside the BMP
 * as UTF-8.
 *
 * <p>A value that cannot be written fails with {@link UnencodableValueException}; bytes already
 * written to the stream are then incomplete, so write into a buffer ({@link #toBytes}) when a
 * failure must be answered differently. The stream is neither flushed nor closed. Immutable and
 * thread-safe.
 */
public final class MethodCallWriter {
  private final XmlRpcWriteOptions options;

  public MethodCallWriter(XmlRpcWriteOptions options) {
    this.options = checkNotNull(options, "options");
  }

  /** A writer with {@link XmlRpcWriteOptions#defaults()} (nil and i8 allowed). */
  public static MethodCallWriter create() {
    return new MethodCallWriter(XmlRpcWriteOptions.defaults());
  }

  /** Writes the call to the stream. */
  public void write(MethodCall call, OutputStream out) throws IOException {
    XmlRpcEncoder encoder = new XmlRpcEncoder(options, checkNotNull(out, "out"), 1024);
    encoder.methodCall(call);
    encoder.flush();
  }

  /** The call as a document. */
  public byte[] toBytes(MethodCall call) {
    XmlRpcEncoder encoder = new XmlRpcEncoder(options, null, 256);
    try {
      encoder.methodCall(call);
    } catch (IOException e) {
      throw new AssertionError("no I/O without a stream", e);
    }
    return encoder.toByteArray();
  }
}
