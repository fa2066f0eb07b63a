package io.capas.xmlrpc;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * An XML-RPC fault: the {@code faultCode} int and {@code faultString} string of a {@code <fault>}
 * response. A fault is data, not an exception.
 *
 * <p>Immutable and thread-safe.
 *
 * @param code the fault code, for instance one of {@link FaultCodes}
 * @param message the fault string, sent as is (never a stack trace)
 */
public record Fault(int code, String message) implements MethodResponse {
  public Fault {
    checkNotNull(message, "message");
  }
}
