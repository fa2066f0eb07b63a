package io.capas.xmlrpc;

/**
 * The input passed one of the {@link XmlRpcLimits}; the message names the limit and its value.
 * Fault code {@link FaultCodes#INVALID_XMLRPC}; an HTTP server may prefer 413 for the document
 * size.
 */
public final class XmlRpcLimitExceededException extends XmlRpcException {
  private final String limit;

  public XmlRpcLimitExceededException(String limit, long value) {
    super(FaultCodes.INVALID_XMLRPC, limit + " limit exceeded (limit " + value + ")");
    this.limit = limit;
  }

  /** The name of the limit: one of the {@link XmlRpcLimits} component names. */
  public String limit() {
    return limit;
  }
}
