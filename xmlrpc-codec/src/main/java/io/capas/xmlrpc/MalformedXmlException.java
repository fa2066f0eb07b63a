package io.capas.xmlrpc;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * The input is not well-formed XML in a supported encoding: fault code {@link
 * FaultCodes#NOT_WELL_FORMED}, {@link FaultCodes#UNSUPPORTED_ENCODING} or {@link
 * FaultCodes#INVALID_CHARACTER}. A DOCTYPE is reported as not well formed: DTDs are never
 * processed.
 */
public sealed class MalformedXmlException extends XmlRpcException permits TruncatedXmlException {
  public MalformedXmlException(int faultCode, String message) {
    super(faultCode, message);
    checkArgument(
        faultCode == FaultCodes.NOT_WELL_FORMED
            || faultCode == FaultCodes.UNSUPPORTED_ENCODING
            || faultCode == FaultCodes.INVALID_CHARACTER,
        "not a parse fault code: %s",
        faultCode);
  }
}
