package io.capas.xmlrpc;

/**
 * A value the writers cannot express in XML-RPC: an unsupported Java type, NaN or an infinite
 * double, a character XML 1.0 cannot carry (NUL, most C0 controls, an unpaired surrogate), a date
 * outside years 0..9999, or null / a long when {@link XmlRpcWriteOptions} refuses nil / i8. A
 * programming error of the caller, hence unchecked.
 */
public final class UnencodableValueException extends IllegalArgumentException {
  public UnencodableValueException(String message) {
    super(message);
  }
}
