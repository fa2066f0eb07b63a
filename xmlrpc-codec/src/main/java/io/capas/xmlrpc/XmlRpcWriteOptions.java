package io.capas.xmlrpc;

/**
 * What the writers may emit beyond the base specification.
 *
 * <p>With {@code allowNil} off, a null value fails with {@link UnencodableValueException}. With
 * {@code allowI8} off, a {@code Long} inside the 32-bit range is written as {@code <int>} and one
 * outside it fails; with it on, every {@code Long} is written as {@code <i8>}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param allowNil emit {@code <nil/>} for null
 * @param allowI8 emit {@code <i8>} for Long
 */
public record XmlRpcWriteOptions(boolean allowNil, boolean allowI8) {
  private static final XmlRpcWriteOptions DEFAULTS = new XmlRpcWriteOptions(true, true);
  private static final XmlRpcWriteOptions STRICT = new XmlRpcWriteOptions(false, false);

  /** Emits {@code <nil/>} and {@code <i8>} (what Python, xmlrpc-c and rTorrent understand). */
  public static XmlRpcWriteOptions defaults() {
    return DEFAULTS;
  }

  /** The base specification only: no nil, no i8. */
  public static XmlRpcWriteOptions strict() {
    return STRICT;
  }
}
