package io.capas.rpc;

import org.jspecify.annotations.Nullable;

/**
 * A call failed: the server was unavailable, the deadline passed, the peer broke the protocol, or
 * the server answered with a fault ({@link RpcFault}, the one subclass). Unchecked, because proxies
 * cannot throw undeclared checked exceptions. The message names the method and, for transport
 * failures, the host and port.
 */
public class RpcException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What went wrong, so that callers can act on it without parsing messages. */
  public enum Kind {
    /**
     * No byte of the request left: the host did not resolve, refused, or no connection was made
     * within the connect timeout.
     */
    UNAVAILABLE,
    /** The call's deadline passed (during the connect too). */
    TIMEOUT,
    /** The peer answered with something that is not a valid response (HTTP error, bad XML). */
    PROTOCOL,
    /** The connection failed after the request may have reached the server. */
    IO,
    /** The server answered with a fault. */
    FAULT,
    /** The client was closed. */
    CLOSED,
    /** The caller cancelled the call (a future cancelled, a thread interrupted). */
    CANCELLED
  }

  private final Kind kind;
  private final String method;

  public RpcException(Kind kind, String method, String message, @Nullable Throwable cause) {
    this(kind, method, message, cause, true);
  }

  RpcException(
      Kind kind,
      String method,
      String message,
      @Nullable Throwable cause,
      boolean writableStackTrace) {
    super(message, cause, true, writableStackTrace);
    this.kind = kind;
    this.method = method;
  }

  public Kind kind() {
    return kind;
  }

  /** The XML-RPC method of the failed call. */
  public String method() {
    return method;
  }
}
