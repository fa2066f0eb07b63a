package io.capas.xmlrpc;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A {@code <methodResponse>}: either a {@link Success} with its one value, or a {@link Fault}.
 *
 * <pre>{@code
 * switch (response) {
 *   case MethodResponse.Success s -> use(s.value());
 *   case Fault f -> fail(f.code(), f.message());
 * }
 * }</pre>
 *
 * <p>Implementations are immutable records (the value inside a success may be a mutable map or list
 * from the reader, owned by the caller).
 */
public sealed interface MethodResponse permits MethodResponse.Success, Fault {

  /** A successful response with one value in the plain Java mapping (see the package docs). */
  static Success success(@Nullable Object value) {
    return new Success(value);
  }

  /** A fault response. */
  static Fault fault(int code, String message) {
    return new Fault(code, message);
  }

  /** Whether this is a fault. */
  default boolean isFault() {
    return this instanceof Fault;
  }

  /** The fault, if this is one. */
  default Optional<Fault> asFault() {
    return this instanceof Fault f ? Optional.of(f) : Optional.empty();
  }

  /**
   * The successful response value: {@code <params><param><value>..</value></param></params>}.
   *
   * @param value the value in the plain Java mapping; null only for {@code <nil/>}
   */
  record Success(@Nullable Object value) implements MethodResponse {}
}
