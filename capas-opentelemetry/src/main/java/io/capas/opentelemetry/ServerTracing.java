package io.capas.opentelemetry;

import io.capas.rpc.CallContext;
import io.capas.rpc.CallListener;
import io.capas.rpc.RpcServer;
import io.capas.rpc.ServerInterceptor;
import io.capas.xmlrpc.Fault;
import io.capas.xmlrpc.FaultCodes;
import io.capas.xmlrpc.MethodCall;
import io.capas.xmlrpc.MethodResponse;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link SpanKind#SERVER} span for every call an {@link RpcServer} answers, child of the caller's
 * span when the request carries its trace context: the {@code traceparent} (and {@code tracestate})
 * HTTP headers, or over SCGI the CGI variables {@code HTTP_TRACEPARENT} a front server passes on.
 * The framed and message bindings carry no headers, so their calls start traces of their own.
 *
 * <pre>{@code
 * RpcServer server = ServerTracing.of(openTelemetry).bindTo(RpcServer.http(transport, local));
 * }</pre>
 *
 * <p>The span runs from the call's document read to its response written ({@link CallListener}),
 * and is the current span while the interceptors after this one and the handler run ({@link
 * ServerInterceptor}), so that a handler's own spans and outgoing calls are its children. Each call
 * inside a {@code system.multicall} gets an {@link SpanKind#INTERNAL} child span. Attributes:
 * {@code rpc.system} ({@code xmlrpc}), {@code rpc.method}, {@code capas.binding}, {@code
 * client.address}, {@code client.port}, {@code server.port}, {@code rpc.xmlrpc.request.size} and
 * {@code rpc.xmlrpc.response.size}; a fault sets status {@code ERROR} with the fault string, {@code
 * rpc.xmlrpc.fault_code} and {@code error.type}. A call to a method the server does not have (fault
 * -32601) is named {@code (unknown)}, since callers choose those names.
 *
 * <p>The trace context is read with the {@code OpenTelemetry}'s propagator, or W3C trace context
 * when it has none. A malformed {@code traceparent} is ignored (a new trace), as the W3C
 * specification asks. Safe for concurrent use; one instance per server.
 */
public final class ServerTracing implements CallListener, ServerInterceptor {
  /** The instrumentation scope of the spans. */
  public static final String INSTRUMENTATION_NAME = "io.capas.opentelemetry";

  /** Headers by name (a context cannot list them; propagators reading by name need no more). */
  private static final TextMapGetter<CallContext> HEADERS =
      (carrier, key) -> carrier == null ? null : carrier.header(key).orElse(null);

  private final Tracer tracer;
  private final TextMapPropagator propagator;
  private final Map<CallContext, Span> spans = new ConcurrentHashMap<>();

  private ServerTracing(OpenTelemetry openTelemetry) {
    this.tracer = openTelemetry.getTracer(INSTRUMENTATION_NAME);
    this.propagator = RpcAttributes.propagator(openTelemetry);
  }

  /** Spans through {@code openTelemetry}'s tracer provider and propagators. */
  public static ServerTracing of(OpenTelemetry openTelemetry) {
    return new ServerTracing(openTelemetry);
  }

  /**
   * Makes {@code server} trace its calls (a call listener and an interceptor); call before {@link
   * RpcServer#start()}, and before adding the interceptors that should run inside the span.
   *
   * @return {@code server}
   */
  public RpcServer bindTo(RpcServer server) {
    return server.listen(this).intercept(this);
  }

  @Override
  public void started(CallContext context) {
    Context parent = propagator.extract(Context.root(), context, HEADERS);
    var builder =
        tracer
            .spanBuilder(context.method())
            .setParent(parent)
            .setSpanKind(SpanKind.SERVER)
            .setAttribute(RpcAttributes.RPC_SYSTEM, RpcAttributes.XMLRPC)
            .setAttribute(RpcAttributes.RPC_METHOD, context.method())
            .setAttribute(RpcAttributes.BINDING, context.binding());
    InetSocketAddress remote = context.remoteAddress().orElse(null);
    if (remote != null) {
      builder.setAttribute(RpcAttributes.CLIENT_ADDRESS, remote.getHostString());
      builder.setAttribute(RpcAttributes.CLIENT_PORT, (long) remote.getPort());
    }
    context
        .localAddress()
        .ifPresent(
            local -> builder.setAttribute(RpcAttributes.SERVER_PORT, (long) local.getPort()));
    spans.put(context, builder.startSpan());
  }

  @Override
  public MethodResponse intercept(CallContext context, MethodCall call, Chain next) {
    Span span = spans.get(context);
    if (span != null) {
      try (Scope scope = span.makeCurrent()) {
        return next.proceed(context, call);
      }
    }
    // A call inside system.multicall: its own context, under the multicall's span.
    Span inner =
        tracer
            .spanBuilder(call.methodName())
            .setSpanKind(SpanKind.INTERNAL)
            .setAttribute(RpcAttributes.RPC_SYSTEM, RpcAttributes.XMLRPC)
            .setAttribute(RpcAttributes.RPC_METHOD, call.methodName())
            .startSpan();
    try (Scope scope = inner.makeCurrent()) {
      MethodResponse response = next.proceed(context, call);
      if (response instanceof Fault fault) {
        RpcAttributes.fault(inner, fault.code(), fault.message());
      }
      return response;
    } catch (RuntimeException | Error e) {
      inner.setStatus(StatusCode.ERROR, e.getClass().getName());
      throw e;
    } finally {
      inner.end();
    }
  }

  @Override
  public void ended(CallContext context, Result result) {
    Span span = spans.remove(context);
    if (span == null) {
      return;
    }
    if (result.requestBytes() >= 0) {
      span.setAttribute(RpcAttributes.REQUEST_SIZE, result.requestBytes());
    }
    span.setAttribute(RpcAttributes.RESPONSE_SIZE, result.responseBytes());
    String faultString = result.faultString();
    if (faultString != null) {
      if (result.faultCode() == FaultCodes.METHOD_NOT_FOUND) {
        span.updateName("(unknown)");
      }
      RpcAttributes.fault(span, result.faultCode(), faultString);
    }
    span.end();
  }
}
