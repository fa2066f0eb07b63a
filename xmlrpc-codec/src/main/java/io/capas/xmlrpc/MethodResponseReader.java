package io.capas.xmlrpc;

import static com.google.common.base.Preconditions.checkNotNull;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Parses a {@code <methodResponse>} straight from a byte stream: either exactly one value, or a
 * fault.
 *
 * <pre>{@code
 * <methodResponse><params><param><value><int>5</int></value></param></params></methodResponse>
 * <methodResponse><fault><value><struct>
 *   <member><name>faultCode</name><value><int>4</int></value></member>
 *   <member><name>faultString</name><value><string>Too many</string></value></member>
 * </struct></value></fault></methodResponse>
 * }</pre>
 *
 * <p>Values, encodings, leniencies and refusals are those of {@link MethodCallReader}. A fault
 * needs an int {@code faultCode} and a string {@code faultString}; other members (Apache's
 * serialized {@code faultCause}) are ignored and never deserialized.
 *
 * <p>The stream is read to its end and is not closed. Immutable and thread-safe.
 */
public final class MethodResponseReader {
  private final XmlRpcLimits limits;

  public MethodResponseReader(XmlRpcLimits limits) {
    this.limits = checkNotNull(limits, "limits");
  }

  /** A reader with {@link XmlRpcLimits#defaults()}. */
  public static MethodResponseReader create() {
    return new MethodResponseReader(XmlRpcLimits.defaults());
  }

  /**
   * Parses one response from the whole stream.
   *
   * @throws XmlRpcException for bad input, carrying the fault code it maps to
   * @throws IOException when the stream fails
   */
  public MethodResponse read(InputStream in) throws IOException {
    return new XmlRpcParser(in, limits).methodResponse();
  }

  /** Parses one response from the given bytes. */
  public MethodResponse read(byte[] document) throws XmlRpcException {
    try {
      return read(new ByteArrayInputStream(document));
    } catch (XmlRpcException e) {
      throw e;
    } catch (IOException e) {
      throw new AssertionError("no I/O on a byte array", e);
    }
  }
}
