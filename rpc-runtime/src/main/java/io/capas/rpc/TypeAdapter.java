package io.capas.rpc;

import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Maps one Java type that the built-in mapping does not know (a {@code UUID}, a {@code Money}) to
 * and from an XML-RPC value. Registered with {@link TypeMapping.Builder#adapter}, it is consulted
 * before the built-ins, on the server (parameters and results) and in clients (arguments, results,
 * proxies) alike.
 *
 * <pre>{@code
 * TypeAdapter<UUID> uuids = TypeAdapter.of(UUID.class, "string", UUID::toString,
 *     wire -> UUID.fromString((String) wire));
 * }</pre>
 *
 * <p>Implementations must be thread-safe. {@link #fromWire} signals a value that does not fit with
 * any {@link RuntimeException} (a {@code ClassCastException}, an {@link IllegalArgumentException}):
 * the mapping reports it as a {@link ValueConversionException} with the path of the value.
 *
 * @param <T> the Java type
 */
public interface TypeAdapter<T> {
  /** The Java type this adapter maps (values of its subclasses are written by it too). */
  Class<T> type();

  /** The XML-RPC type it writes, for {@code system.methodSignature}: {@code "string"}. */
  String xmlRpcType();

  /**
   * The value to send: a value in the plain mapping ({@code String}, {@code Integer}, a {@code
   * Map}) or any other value the {@link TypeMapping} converts (a record, say).
   */
  @Nullable Object toWire(T value);

  /** The Java value of a received XML-RPC value (never called with {@code null}). */
  T fromWire(Object wire);

  /** An adapter from two functions. */
  static <T> TypeAdapter<T> of(
      Class<T> type,
      String xmlRpcType,
      Function<? super T, ? extends @Nullable Object> toWire,
      Function<Object, ? extends T> fromWire) {
    return new TypeAdapter<T>() {
      @Override
      public Class<T> type() {
        return type;
      }

      @Override
      public String xmlRpcType() {
        return xmlRpcType;
      }

      @Override
      public @Nullable Object toWire(T value) {
        return toWire.apply(value);
      }

      @Override
      public T fromWire(Object wire) {
        return fromWire.apply(wire);
      }

      @Override
      public String toString() {
        return "TypeAdapter[" + type.getName() + " <-> " + xmlRpcType + "]";
      }
    };
  }
}
