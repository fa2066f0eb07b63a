package io.capas.xmlrpc;

import static com.google.common.base.Preconditions.checkNotNull;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a {@code <methodResponse>} (one value, or a fault) as UTF-8, straight to a stream:
 *
 * <pre>{@code
 * <?xml version="1.0" encoding="UTF-8"?>\n
 * <methodResponse><params><param><value><int>5</int></value></param></params></methodResponse>\n
 * <methodResponse><fault><value><struct><member><name>faultCode</name>...</methodResponse>\n
 * }</pre>
 *
 * <p>Value types and failures are those of {@link MethodCallWriter}. The stream is neither flushed
 * nor closed. Immutable and thread-safe.
 */
public final class MethodResponseWriter {
  private final XmlRpcWriteOptions options;

  public MethodResponseWriter(XmlRpcWriteOptions options) {
    this.options = checkNotNull(options, "options");
  }

  /** A writer with {@link XmlRpcWriteOptions#defaults()} (nil and i8 allowed). */
  public static MethodResponseWriter create() {
    return new MethodResponseWriter(XmlRpcWriteOptions.defaults());
  }

  /** Writes the response to the stream. */
  public void write(MethodResponse response, OutputStream out) throws IOException {
    XmlRpcEncoder encoder = new XmlRpcEncoder(options, checkNotNull(out, "out"), 1024);
    encoder.methodResponse(response);
    encoder.flush();
  }

  /** The response as a document. */
  public byte[] toBytes(MethodResponse response) {
    XmlRpcEncoder encoder = new XmlRpcEncoder(options, null, 256);
    try {
      encoder.methodResponse(response);
    } catch (IOException e) {
      throw new AssertionError("no I/O without a stream", e);
    }
    return encoder.toByteArray();
  }
}
