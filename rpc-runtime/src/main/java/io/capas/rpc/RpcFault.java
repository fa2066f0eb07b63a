package io.capas.rpc;

import io.capas.xmlrpc.FaultCodes;

/**
 * An XML-RPC fault, the one exception for both sides of a call.
 *
 * <ul>
 *   <li>A handler (or a server interceptor) throws it to answer with a fault of its own choosing:
 *       the client receives exactly {@link #code()} and {@link #faultString()}. Any other exception
 *       a handler throws becomes fault {@link FaultCodes#APPLICATION_ERROR} with the exception's
 *       message; no stack trace ever goes on the wire.
 *   <li>A {@link Client} throws it when the server answered with a fault; its {@link #method()} is
 *       the method called. A handler that lets such a fault from a downstream call escape passes it
 *       on unchanged.
 * </ul>
 *
 * <p>Not final: an application may name its faults ({@code class NotFound extends RpcFault}).
 */
public class RpcFault extends RpcException {
  private static final long serialVersionUID = 1L;

  private final int code;
  private final String faultString;

  /**
   * A fault for a handler to throw. It records no stack trace: it is an answer, not a bug, and a
   * handler may throw many.
   */
  public RpcFault(int code, String faultString) {
    super(Kind.FAULT, "", faultString, null, false);
    this.code = code;
    this.faultString = faultString;
  }

  /** The server answered a call of {@code method} with this fault (thrown by clients). */
  public RpcFault(String method, int code, String faultString) {
    super(
        Kind.FAULT,
        method,
        "fault " + code + " for method " + method + ": " + faultString,
        null,
        true);
    this.code = code;
    this.faultString = faultString;
  }

  /** The fault code. */
  public int code() {
    return code;
  }

  /** The fault string, as sent. */
  public String faultString() {
    return faultString;
  }
}
