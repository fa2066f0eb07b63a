package io.capas.rpc;

import static java.lang.System.Logger.Level.WARNING;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import io.capas.http.Headers;
import io.capas.xmlrpc.Fault;
import io.capas.xmlrpc.FaultCodes;
import io.capas.xmlrpc.MethodCall;
import io.capas.xmlrpc.MethodResponse;
import io.capas.xmlrpc.XmlRpcException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Turns one {@code <methodCall>} document into one {@code <methodResponse>} document: parse,
 * dispatch, encode. Bad XML becomes the codec's fault ({@code -32700}, {@code -32600}); a result
 * that cannot be encoded, or any other failure of the codec (an {@link Error} included: a stack
 * overflow, an allocation that fails), becomes {@code -32603}, logged as one WARNING line. Only
 * when even that fault cannot be written does {@link #process} throw. Every binding (HTTP, frames,
 * messages) uses it.
 *
 * <p>Immutable and thread-safe.
 */
final class CallProcessor {
  private static final System.Logger LOGGER = System.getLogger(CallProcessor.class.getName());
  private final Dispatcher dispatcher;
  private final RpcCodec codec;
  private final ImmutableList<ServerInterceptor> interceptors;
  private final ImmutableList<CallListener> listeners;
  private final ConnectionEvents connections;

  CallProcessor(Dispatcher dispatcher, RpcCodec codec) {
    this(dispatcher, codec, List.of(), List.of());
  }

  /**
   * Runs every call through {@code interceptors}, in order, before {@code dispatcher}, and tells
   * {@code listeners} when it starts and ends.
   */
  CallProcessor(
      Dispatcher dispatcher,
      RpcCodec codec,
      List<ServerInterceptor> interceptors,
      List<CallListener> listeners) {
    this(dispatcher, codec, interceptors, listeners, ConnectionEvents.NONE);
  }

  /** As above, with the server's connection listeners, for the stream bindings. */
  CallProcessor(
      Dispatcher dispatcher,
      RpcCodec codec,
      List<ServerInterceptor> interceptors,
      List<CallListener> listeners,
      ConnectionEvents connections) {
    this.dispatcher = dispatcher;
    this.codec = codec;
    this.interceptors = ImmutableList.copyOf(interceptors);
    this.listeners = ImmutableList.copyOf(listeners);
    this.connections = connections;
  }

  /** Where the stream bindings report the connections they open and refuse. */
  ConnectionEvents connections() {
    return connections;
  }

  /** The dispatcher, for what reads the method table itself (the {@link MethodPage}). */
  Dispatcher dispatcher() {
    return dispatcher;
  }

  /**
   * The basic-authentication interceptor among this processor's, if any: the HTTP binding runs its
   * check on each request head, before reading the body.
   */
  @Nullable BasicAuth basicAuth() {
    for (ServerInterceptor interceptor : interceptors) {
      if (interceptor instanceof BasicAuth auth) {
        return auth;
      }
    }
    return null;
  }

  /**
   * A request read from its document: the call to make, or the fault that answers a document that
   * was not a call (then {@code call} is null).
   */
  record Request(@Nullable MethodCall call, @Nullable MethodResponse answer, int bytes) {
    boolean wasCall() {
      return call != null;
    }
  }

  /**
   * Parses a call from {@code body}, runs it and writes the response document to {@code out}.
   *
   * @return whether {@code body} was a call (answered with its result or its method's fault); false
   *     for a protocol error (not a call document), which bindings count to close connections that
   *     send nothing else
   */
  boolean process(InputStream body, ByteSink out, CallContext.Origin origin) {
    Request request = read(body);
    answer(request, out, origin, Headers.empty());
    return request.wasCall();
  }

  /** Parses a call from {@code body}; bad input becomes the fault that answers it. */
  Request read(InputStream body) {
    // Every binding hands over a whole document in memory: its size is what is available.
    int bytes = body instanceof ByteArrayInputStream whole ? whole.available() : -1;
    MethodResponse answer;
    try {
      return new Request(codec.readCall(body), null, bytes);
    } catch (XmlRpcException e) {
      answer = e.toFault();
    } catch (IOException e) {
      answer = new Fault(FaultCodes.NOT_WELL_FORMED, "cannot read request: " + e.getMessage());
    } catch (RuntimeException | Error e) {
      // The dispatcher answers for handlers: this is the codec failing on the request.
      LOGGER.log(WARNING, () -> "reading a call failed: " + e);
      answer = new Fault(FaultCodes.INTERNAL_ERROR, "internal error reading the call");
    }
    return new Request(null, answer, bytes);
  }

  /**
   * Whether {@code request} may be answered on the thread that read it: a fault already, or a call
   * of a method declared {@linkplain MethodRegistry#runInline non-blocking}. Bindings hand the rest
   * to {@link io.capas.transport.SessionContext#offload}.
   */
  boolean runsInline(Request request) {
    MethodCall call = request.call();
    return call == null || dispatcher.runsInline(call.methodName());
  }

  /**
   * Runs {@code request}'s call, if any, through the interceptors and its handler, with a {@link
   * CallContext} from {@code origin} and {@code headers}, and writes the response document to
   * {@code out}.
   */
  void answer(Request request, ByteSink out, CallContext.Origin origin, Headers headers) {
    MethodResponse response = request.answer();
    MethodCall call = request.call();
    CallContext context = null;
    long startNanos = 0;
    if (call != null) {
      context = new CallContext(call.methodName(), origin, headers);
      if (!listeners.isEmpty()) {
        startNanos = System.nanoTime();
        started(context);
      }
      CallContext outer = CallContext.enter(context);
      try {
        response = interceptors.isEmpty() ? dispatch(call) : proceed(0, context, call, false);
      } finally {
        CallContext.restore(outer);
      }
    }
    int start = out.size();
    encode(requireNonNull(response), out, start);
    if (context != null && !listeners.isEmpty()) {
      ended(context, request.bytes(), response, out.size() - start, startNanos);
    }
  }

  private void started(CallContext context) {
    for (CallListener listener : listeners) {
      try {
        listener.started(context);
      } catch (RuntimeException e) {
        LOGGER.log(WARNING, () -> "a call listener failed: " + e);
      }
    }
  }

  private void ended(
      CallContext context,
      int requestBytes,
      MethodResponse response,
      int responseBytes,
      long startNanos) {
    CallListener.Result result =
        response instanceof Fault fault
            ? new CallListener.Result(
                fault.code(),
                fault.message(),
                Duration.ofNanos(System.nanoTime() - startNanos),
                requestBytes,
                responseBytes)
            : new CallListener.Result(
                0,
                null,
                Duration.ofNanos(System.nanoTime() - startNanos),
                requestBytes,
                responseBytes);
    for (CallListener listener : listeners) {
      try {
        listener.ended(context, result);
      } catch (RuntimeException e) {
        LOGGER.log(WARNING, () -> "a call listener failed: " + e);
      }
    }
  }

  private void encode(MethodResponse response, ByteSink out, int start) {
    try {
      codec.writeResponse(response, out);
    } catch (IOException | IllegalArgumentException e) {
      // The handler returned something without an XML-RPC form (NaN, a non-string map key...).
      writeFault(out, start, "cannot encode the result: " + e.getMessage());
    } catch (RuntimeException | Error e) {
      LOGGER.log(WARNING, () -> "writing a response failed: " + e);
      writeFault(out, start, "internal error writing the response");
    }
  }

  /** Interceptor {@code index} on; none left: the handler. */
  private MethodResponse proceed(int index, CallContext context, MethodCall call, boolean nested) {
    if (index == interceptors.size()) {
      return nested ? dispatchNested(call) : dispatch(call);
    }
    ServerInterceptor interceptor = interceptors.get(index);
    try {
      return interceptor.intercept(
          context,
          call,
          (next, nextCall) -> {
            CallContext outer = CallContext.enter(next);
            try {
              return proceed(index + 1, next, nextCall, nested);
            } finally {
              CallContext.restore(outer);
            }
          });
    } catch (Exception | Error e) {
      RpcFault fault = Dispatcher.faultFor(call.methodName(), e);
      return MethodResponse.fault(fault.code(), fault.faultString());
    }
  }

  private MethodResponse dispatch(MethodCall call) {
    Dispatcher.Outcome outcome =
        dispatcher.call(
            call.methodName(), call.params(), interceptors.isEmpty() ? null : this::inner);
    return response(outcome);
  }

  private MethodResponse dispatchNested(MethodCall call) {
    return response(dispatcher.callNested(call.methodName(), call.params()));
  }

  /**
   * One call inside a {@code system.multicall}: through every interceptor, with a context of its
   * own (so that an authorisation rule on a method cannot be dodged by wrapping it in a multicall).
   */
  private MethodResponse inner(String method, List<@Nullable Object> params) {
    CallContext parent = CallContext.current();
    CallContext context = parent.inner(method);
    CallContext outer = CallContext.enter(context);
    try {
      return proceed(0, context, new MethodCall(method, params), true);
    } finally {
      CallContext.restore(outer);
    }
  }

  private static MethodResponse response(Dispatcher.Outcome outcome) {
    RpcFault fault = outcome.fault();
    return fault != null
        ? MethodResponse.fault(fault.code(), fault.faultString())
        : MethodResponse.success(outcome.value());
  }

  /**
   * Replaces what was written from {@code start} on with a {@code -32603} fault.
   *
   * @throws IllegalStateException the fault itself cannot be written (the binding then closes)
   */
  private void writeFault(ByteSink out, int start, String message) {
    out.truncate(start);
    try {
      codec.writeResponse(new Fault(FaultCodes.INTERNAL_ERROR, message), out);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write a fault: " + e, e);
    }
  }

  /** Runs one request document and returns the response document (message bindings). */
  public byte[] process(byte[] request) {
    return process(request, CallContext.Origin.of("message", null, null));
  }

  /** Runs one request document from {@code origin} and returns the response document. */
  byte[] process(byte[] request, CallContext.Origin origin) {
    ByteSink out = new ByteSink(512);
    process(new ByteArrayInputStream(request), out, origin);
    return out.toByteArray();
  }
}
