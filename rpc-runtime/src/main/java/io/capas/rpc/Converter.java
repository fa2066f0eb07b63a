package io.capas.rpc;

import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * How one Java type, resolved once by a {@link TypeMapping}, is read from and written to the plain
 * wire model. Implementations are immutable and thread-safe.
 */
interface Converter {
  /**
   * The Java value of {@code wire}.
   *
   * @throws ValueConversionException the value does not fit, with the path below this type
   */
  @Nullable Object fromWire(@Nullable Object wire);

  /** The wire form of {@code value} (an instance of this converter's type), {@code depth} deep. */
  @Nullable Object toWire(Object value, int depth);

  /** The XML-RPC type name for signatures: {@code int}, {@code struct}, {@code array}. */
  String xmlRpcType();

  /** The whole mapping of the type, for docs and errors ({@code struct Point {x: int, y: int}}). */
  default String describe(Set<Class<?>> seen) {
    return xmlRpcType();
  }
}
