package io.capas.rpc;

import io.capas.xmlrpc.MethodCall;
import io.capas.xmlrpc.MethodCallReader;
import io.capas.xmlrpc.MethodCallWriter;
import io.capas.xmlrpc.MethodResponse;
import io.capas.xmlrpc.MethodResponseReader;
import io.capas.xmlrpc.MethodResponseWriter;
import io.capas.xmlrpc.XmlRpcLimits;
import io.capas.xmlrpc.XmlRpcWriteOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** The runtime's single use site of the XML-RPC codec. Stateless and thread-safe. */
final class XmlCodec {
  private static final MethodResponseWriter RESPONSE_WRITER =
      new MethodResponseWriter(XmlRpcWriteOptions.defaults());
  private static final MethodCallWriter CALL_WRITER =
      new MethodCallWriter(XmlRpcWriteOptions.defaults());

  private XmlCodec() {}

  static MethodCall readCall(InputStream in, XmlRpcLimits limits) throws IOException {
    return new MethodCallReader(limits).read(in);
  }

  static void writeResponse(MethodResponse response, OutputStream out) throws IOException {
    RESPONSE_WRITER.write(response, out);
  }

  static void writeCall(MethodCall call, OutputStream out) throws IOException {
    CALL_WRITER.write(call, out);
  }

  static MethodResponse readResponse(InputStream in, XmlRpcLimits limits) throws IOException {
    return new MethodResponseReader(limits).read(in);
  }
}
