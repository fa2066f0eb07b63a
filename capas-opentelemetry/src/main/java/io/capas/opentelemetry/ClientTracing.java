package io.capas.opentelemetry;

import io.capas.rpc.Client;
import io.capas.rpc.ClientCall;
import io.capas.rpc.ClientInterceptor;
import io.capas.rpc.RpcException;
import io.capas.rpc.RpcFault;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A {@link SpanKind#CLIENT} span for every call a {@link Client} makes, child of the current span,
 * with its trace context sent in the request's headers ({@code traceparent}, {@code tracestate}) so
 * that the server's span is its child. Over HTTP the headers are HTTP headers; over SCGI they
 * become the CGI variables {@code HTTP_TRACEPARENT}...; the framed and message bindings have no
 * headers and drop them (the server's span then starts a trace of its own).
 *
 * <pre>{@code
 * Client client = ClientTracing.of(openTelemetry).bindTo(Client.connect(url));
 * }</pre>
 *
 * <p>Attributes: {@code rpc.system} ({@code xmlrpc}), {@code rpc.method}; a fault sets status
 * {@code ERROR} with the fault string, {@code rpc.xmlrpc.fault_code} and {@code error.type} (the
 * code); another failure sets {@code ERROR}, {@code error.type} (its {@link RpcException.Kind},
 * lower case) and records the exception. The span is current while the interceptors after this one
 * and the binding run. Safe for concurrent use.
 *
 * <p>{@code client.callAsync} runs the interceptors on the client's executor, where the caller's
 * current span is not current: an asynchronous call's span starts a trace of its own (the server's
 * span is still its child).
 */
public final class ClientTracing implements ClientInterceptor {
  private final Tracer tracer;
  private final TextMapPropagator propagator;

  private ClientTracing(OpenTelemetry openTelemetry) {
    this.tracer = openTelemetry.getTracer(ServerTracing.INSTRUMENTATION_NAME);
    this.propagator = RpcAttributes.propagator(openTelemetry);
  }

  /** Spans through {@code openTelemetry}'s tracer provider and propagators. */
  public static ClientTracing of(OpenTelemetry openTelemetry) {
    return new ClientTracing(openTelemetry);
  }

  /** {@code client} with this tracing at the end of its interceptors. */
  public Client bindTo(Client client) {
    return client.withInterceptor(this);
  }

  @Override
  public @Nullable Object intercept(ClientCall call, Chain next) {
    Span span =
        tracer
            .spanBuilder(call.method())
            .setSpanKind(SpanKind.CLIENT)
            .setAttribute(RpcAttributes.RPC_SYSTEM, RpcAttributes.XMLRPC)
            .setAttribute(RpcAttributes.RPC_METHOD, call.method())
            .startSpan();
    try (Scope scope = span.makeCurrent()) {
      Map<String, String> headers = new LinkedHashMap<>();
      propagator.inject(
          Context.current(),
          headers,
          (carrier, name, value) -> {
            if (carrier != null) {
              carrier.put(name, value);
            }
          });
      ClientCall traced = call;
      for (Map.Entry<String, String> header : headers.entrySet()) {
        traced = traced.withHeader(header.getKey(), header.getValue());
      }
      return next.proceed(traced);
    } catch (RpcFault fault) {
      RpcAttributes.fault(span, fault.code(), fault.faultString());
      throw fault;
    } catch (RpcException e) {
      span.setAttribute(RpcAttributes.ERROR_TYPE, e.kind().name().toLowerCase(Locale.ROOT));
      span.setStatus(StatusCode.ERROR, e.kind().name());
      span.recordException(e);
      throw e;
    } catch (RuntimeException | Error e) {
      span.setAttribute(RpcAttributes.ERROR_TYPE, e.getClass().getName());
      span.setStatus(StatusCode.ERROR);
      span.recordException(e);
      throw e;
    } finally {
      span.end();
    }
  }
}
