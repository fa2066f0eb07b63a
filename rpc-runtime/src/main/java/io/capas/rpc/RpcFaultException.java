package io.capas.rpc;

/** The server answered a call with a fault: {@link #code()} and {@link #faultString()}. */
public final class RpcFaultException extends RpcException {
  private static final long serialVersionUID = 1L;

  private final int code;
  private final String faultString;

  public RpcFaultException(String method, int code, String faultString) {
    super(Kind.FAULT, method, "fault " + code + " for method " + method + ": " + faultString, null);
    this.code = code;
    this.faultString = faultString;
  }

  public int code() {
    return code;
  }

  public String faultString() {
    return faultString;
  }
}
