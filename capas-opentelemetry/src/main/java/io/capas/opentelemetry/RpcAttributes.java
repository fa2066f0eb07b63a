package io.capas.opentelemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.TextMapPropagator;

/** The span attributes both sides set, and the propagator they use. */
final class RpcAttributes {
  /** {@code xmlrpc}, in every span. */
  static final AttributeKey<String> RPC_SYSTEM = AttributeKey.stringKey("rpc.system");

  /** The method called, in every span. */
  static final AttributeKey<String> RPC_METHOD = AttributeKey.stringKey("rpc.method");

  /** A fault's code, when the call was answered with one. */
  static final AttributeKey<Long> FAULT_CODE = AttributeKey.longKey("rpc.xmlrpc.fault_code");

  /** Why a span ended in error: the fault code, or the client's failure kind. */
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  /** {@code http}, {@code framed}, {@code scgi} or the message binding's scheme (server spans). */
  static final AttributeKey<String> BINDING = AttributeKey.stringKey("capas.binding");

  /** The request document's size in bytes (server spans). */
  static final AttributeKey<Long> REQUEST_SIZE = AttributeKey.longKey("rpc.xmlrpc.request.size");

  /** The response document's size in bytes, before compression (server spans). */
  static final AttributeKey<Long> RESPONSE_SIZE = AttributeKey.longKey("rpc.xmlrpc.response.size");

  static final AttributeKey<String> CLIENT_ADDRESS = AttributeKey.stringKey("client.address");
  static final AttributeKey<Long> CLIENT_PORT = AttributeKey.longKey("client.port");
  static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");

  static final String XMLRPC = "xmlrpc";

  /** The longest status description kept from a fault string. */
  private static final int MAX_DESCRIPTION = 256;

  private RpcAttributes() {}

  /** Marks {@code span} as answered with fault {@code code}. */
  static void fault(Span span, int code, String faultString) {
    span.setAttribute(FAULT_CODE, (long) code);
    span.setAttribute(ERROR_TYPE, Integer.toString(code));
    span.setStatus(
        StatusCode.ERROR,
        faultString.length() <= MAX_DESCRIPTION
            ? faultString
            : faultString.substring(0, MAX_DESCRIPTION));
  }

  /**
   * {@code openTelemetry}'s text-map propagator, or W3C trace context when it has none configured
   * (the SDK's default is none): a capas peer always sends and reads {@code traceparent}.
   */
  static TextMapPropagator propagator(OpenTelemetry openTelemetry) {
    TextMapPropagator configured = openTelemetry.getPropagators().getTextMapPropagator();
    return configured.fields().isEmpty() ? W3CTraceContextPropagator.getInstance() : configured;
  }
}
