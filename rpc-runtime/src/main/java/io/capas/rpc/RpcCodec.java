package io.capas.rpc;

import io.capas.xmlrpc.MethodCall;
import io.capas.xmlrpc.MethodResponse;
import io.capas.xmlrpc.XmlRpcLimits;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The document format of calls and responses. The runtime speaks XML-RPC ({@link #xmlRpc()}); a
 * test or an application swaps in another (a recording one, say) through the Dagger graph without
 * touching the runtime. Implementations are safe for concurrent use.
 */
public interface RpcCodec {
  /**
   * Reads one whole call document.
   *
   * @throws io.capas.xmlrpc.XmlRpcException bad input, with the fault code to answer with
   */
  MethodCall readCall(InputStream in) throws IOException;

  /** Writes one response document; an unencodable value is an IllegalArgumentException. */
  void writeResponse(MethodResponse response, OutputStream out) throws IOException;

  /** Writes one call document. */
  void writeCall(MethodCall call, OutputStream out) throws IOException;

  /** Reads one whole response document. */
  MethodResponse readResponse(InputStream in) throws IOException;

  /**
   * XML-RPC through xmlrpc-codec, with {@link XmlRpcLimits#defaults()} on what is read and {@code
   * <nil/>} and {@code <i8>} allowed in what is written.
   */
  static RpcCodec xmlRpc() {
    return XmlRpcCodec.defaults();
  }

  /** XML-RPC with {@code limits} on what is read. */
  static RpcCodec xmlRpc(XmlRpcLimits limits) {
    return new XmlRpcCodec(limits);
  }
}
