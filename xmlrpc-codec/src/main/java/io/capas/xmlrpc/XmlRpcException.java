package io.capas.xmlrpc;

import java.net.ProtocolException;

/**
 * Bad XML-RPC input from the peer. Each subclass carries the interoperability fault code (see
 * {@link FaultCodes}) a server answers with.
 *
 * <ul>
 *   <li>{@link MalformedXmlException}: not well-formed XML (-32700), an unsupported encoding
 *       (-32701) or an invalid character (-32702); {@link TruncatedXmlException} for an end of
 *       input inside the document;
 *   <li>{@link InvalidXmlRpcException}: well-formed XML that is not valid XML-RPC (-32600);
 *   <li>{@link XmlRpcLimitExceededException}: a configured limit was passed (-32600).
 * </ul>
 */
public abstract sealed class XmlRpcException extends ProtocolException
    permits MalformedXmlException, InvalidXmlRpcException, XmlRpcLimitExceededException {
  private final int faultCode;

  XmlRpcException(int faultCode, String message) {
    super(message);
    this.faultCode = faultCode;
  }

  /** The interoperability fault code to answer with. */
  public final int faultCode() {
    return faultCode;
  }

  /** A fault for this failure, with the exception message as fault string. */
  public final Fault toFault() {
    return new Fault(faultCode, String.valueOf(getMessage()));
  }
}
