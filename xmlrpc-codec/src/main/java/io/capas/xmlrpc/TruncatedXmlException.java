package io.capas.xmlrpc;

/** The input ended inside the document (fault code {@link FaultCodes#NOT_WELL_FORMED}). */
public final class TruncatedXmlException extends MalformedXmlException {
  public TruncatedXmlException(String message) {
    super(FaultCodes.NOT_WELL_FORMED, message);
  }
}
