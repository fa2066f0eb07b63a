package io.capas.xmlrpc;

/**
 * Well-formed XML that is not valid XML-RPC: an unknown or misplaced element, a bad scalar (an int
 * outside 32 bits, a malformed double or date), a duplicate struct member, or a refused extension
 * such as {@code ex:serializable}. Fault code {@link FaultCodes#INVALID_XMLRPC}.
 */
public final class InvalidXmlRpcException extends XmlRpcException {
  public InvalidXmlRpcException(String message) {
    super(FaultCodes.INVALID_XMLRPC, message);
  }
}
