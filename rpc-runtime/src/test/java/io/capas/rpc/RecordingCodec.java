package io.capas.rpc;

import io.capas.xmlrpc.MethodCall;
import io.capas.xmlrpc.MethodResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Delegates to {@link XmlRpcCodec} and records every call and response it reads or writes. */
final class RecordingCodec implements RpcCodec {
  final List<String> events = new CopyOnWriteArrayList<>();
  private final RpcCodec delegate = XmlRpcCodec.defaults();

  @Override
  public MethodCall readCall(InputStream in) throws IOException {
    MethodCall call = delegate.readCall(in);
    events.add("server read " + call.methodName() + call.params());
    return call;
  }

  @Override
  public void writeResponse(MethodResponse response, OutputStream out) throws IOException {
    events.add("server wrote " + response);
    delegate.writeResponse(response, out);
  }

  @Override
  public void writeCall(MethodCall call, OutputStream out) throws IOException {
    events.add("client wrote " + call.methodName() + call.params());
    delegate.writeCall(call, out);
  }

  @Override
  public MethodResponse readResponse(InputStream in) throws IOException {
    MethodResponse response = delegate.readResponse(in);
    events.add("client read " + response);
    return response;
  }
}
