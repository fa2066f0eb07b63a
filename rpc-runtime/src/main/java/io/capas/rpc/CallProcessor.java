package io.capas.rpc;

import io.capas.xmlrpc.Fault;
import io.capas.xmlrpc.FaultCodes;
import io.capas.xmlrpc.MethodCall;
import io.capas.xmlrpc.MethodResponse;
import io.capas.xmlrpc.XmlRpcException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Turns one {@code <methodCall>} document into one {@code <methodResponse>} document: parse,
 * dispatch, encode. Bad XML becomes the codec's fault ({@code -32700}, {@code -32600}); a result
 * that cannot be encoded becomes {@code -32603}. Every binding (HTTP, frames, messages) uses it.
 *
 * <p>Immutable and thread-safe.
 */
public final class CallProcessor {
  private final Dispatcher dispatcher;
  private final RpcCodec codec;

  public CallProcessor(Dispatcher dispatcher, RpcCodec codec) {
    this.dispatcher = dispatcher;
    this.codec = codec;
  }

  /** Parses a call from {@code body}, runs it and writes the response document to {@code out}. */
  void process(InputStream body, ByteSink out) {
    MethodResponse response;
    try {
      MethodCall call = codec.readCall(body);
      Dispatcher.Outcome outcome = dispatcher.call(call.methodName(), call.params());
      RpcFault fault = outcome.fault();
      response =
          fault != null
              ? MethodResponse.fault(fault.code(), fault.faultString())
              : MethodResponse.success(outcome.value());
    } catch (XmlRpcException e) {
      response = e.toFault();
    } catch (IOException e) {
      response = new Fault(FaultCodes.NOT_WELL_FORMED, "cannot read request: " + e.getMessage());
    }
    int start = out.size();
    try {
      codec.writeResponse(response, out);
    } catch (IOException | IllegalArgumentException e) {
      // The handler returned something without an XML-RPC form (NaN, a non-string map key...).
      resetTo(out, start);
      try {
        codec.writeResponse(
            new Fault(FaultCodes.INTERNAL_ERROR, "cannot encode the result: " + e.getMessage()),
            out);
      } catch (IOException impossible) {
        throw new IllegalStateException(impossible);
      }
    }
  }

  private static void resetTo(ByteSink out, int size) {
    byte[] kept = java.util.Arrays.copyOf(out.array(), size);
    out.reset();
    out.write(kept, 0, size);
  }

  /** Runs one request document and returns the response document (message bindings). */
  public byte[] process(byte[] request) {
    ByteSink out = new ByteSink(512);
    process(new ByteArrayInputStream(request), out);
    return out.toByteArray();
  }
}
