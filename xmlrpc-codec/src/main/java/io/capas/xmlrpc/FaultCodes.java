package io.capas.xmlrpc;

/**
 * Fault codes of the "Specification for Fault Code Interoperability" (Dan Libby, version 20010516),
 * which reserves -32768 .. -32000; the same numbers Python's {@code xmlrpc.client} exports.
 *
 * <p>Parse failures of this codec carry one of the first four codes (see {@link
 * XmlRpcException#faultCode()}); the others are for the runtime to answer with.
 */
public final class FaultCodes {
  /** Parse error: not well formed. */
  public static final int NOT_WELL_FORMED = -32700;

  /** Parse error: unsupported encoding. */
  public static final int UNSUPPORTED_ENCODING = -32701;

  /** Parse error: invalid character for encoding. */
  public static final int INVALID_CHARACTER = -32702;

  /** Server error: invalid XML-RPC, not conforming to the spec. */
  public static final int INVALID_XMLRPC = -32600;

  /** Server error: requested method not found. */
  public static final int METHOD_NOT_FOUND = -32601;

  /** Server error: invalid method parameters. */
  public static final int INVALID_PARAMS = -32602;

  /** Server error: internal XML-RPC error. */
  public static final int INTERNAL_ERROR = -32603;

  /** Application error. */
  public static final int APPLICATION_ERROR = -32500;

  /** System error. */
  public static final int SYSTEM_ERROR = -32400;

  /** Transport error. */
  public static final int TRANSPORT_ERROR = -32300;

  private FaultCodes() {}
}
