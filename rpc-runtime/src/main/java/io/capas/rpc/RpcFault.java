package io.capas.rpc;

import io.capas.xmlrpc.FaultCodes;

/**
 * Thrown by a handler to answer with a fault of its own choosing: the client receives exactly
 * {@link #code()} and {@link #faultString()}.
 *
 * <p>Any other exception thrown by a handler becomes fault {@link FaultCodes#APPLICATION_ERROR}
 * with the exception's message; no stack trace ever goes on the wire.
 */
public class RpcFault extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int code;

  public RpcFault(int code, String faultString) {
    super(faultString, null, false, false);
    this.code = code;
  }

  public int code() {
    return code;
  }

  public String faultString() {
    String message = getMessage();
    return message == null ? "" : message;
  }
}
