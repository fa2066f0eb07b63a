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

/**
 * XML-RPC documents through the xmlrpc-codec readers and writers, with limits on what is read and
 * {@code <nil/>} and {@code <i8>} allowed in what is written. Immutable and thread-safe.
 */
final class XmlRpcCodec implements RpcCodec {
  private static final XmlRpcCodec DEFAULTS = new XmlRpcCodec(XmlRpcLimits.defaults());

  private final MethodCallReader callReader;
  private final MethodResponseReader responseReader;
  private final MethodCallWriter callWriter = new MethodCallWriter(XmlRpcWriteOptions.defaults());
  private final MethodResponseWriter responseWriter =
      new MethodResponseWriter(XmlRpcWriteOptions.defaults());

  public XmlRpcCodec(XmlRpcLimits limits) {
    this.callReader = new MethodCallReader(limits);
    this.responseReader = new MethodResponseReader(limits);
  }

  /** The codec with {@link XmlRpcLimits#defaults()}. */
  public static XmlRpcCodec defaults() {
    return DEFAULTS;
  }

  @Override
  public MethodCall readCall(InputStream in) throws IOException {
    return callReader.read(in);
  }

  @Override
  public void writeResponse(MethodResponse response, OutputStream out) throws IOException {
    responseWriter.write(response, out);
  }

  @Override
  public void writeCall(MethodCall call, OutputStream out) throws IOException {
    callWriter.write(call, out);
  }

  @Override
  public MethodResponse readResponse(InputStream in) throws IOException {
    return responseReader.read(in);
  }
}
