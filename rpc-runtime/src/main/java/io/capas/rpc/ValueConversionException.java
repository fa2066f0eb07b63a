package io.capas.rpc;

import org.jspecify.annotations.Nullable;

/**
 * A value does not fit the Java type it is converted to or from: {@code points[3].x: expected int,
 * got string "7a"}. The {@link #path()} names where in the value the mismatch is ({@code
 * params[0].points[3].x} on a server, {@code result.x} on a client, empty at the top).
 *
 * <p>A server answers it with fault -32602; a client surfaces it as the cause of an {@link
 * RpcException} of kind {@code PROTOCOL} (a result that does not fit) or throws it directly (an
 * argument that has no XML-RPC form). Not thread-safe while the path is being built.
 */
public final class ValueConversionException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private String path;
  private final String detail;

  /** A mismatch at the top of the value; {@code detail} says what was expected and what came. */
  public ValueConversionException(String detail) {
    this("", detail, null);
  }

  ValueConversionException(String path, String detail, @Nullable Throwable cause) {
    super(detail, cause);
    this.path = path;
    this.detail = detail;
  }

  /** Where the mismatch is: {@code params[0].points[3].x}; empty for the value itself. */
  public String path() {
    return path;
  }

  /** What was expected and what came: {@code expected int, got string "7a"}. */
  public String detail() {
    return detail;
  }

  @Override
  public String getMessage() {
    return path.isEmpty() ? detail : path + ": " + detail;
  }

  /** Prefixes the path with a member name (".name" joined) and returns this exception. */
  ValueConversionException atMember(String name) {
    path = path.isEmpty() || path.startsWith("[") ? name + path : name + "." + path;
    return this;
  }

  /** Prefixes the path with an index ("[3]") and returns this exception. */
  ValueConversionException atIndex(int index) {
    path =
        path.isEmpty() || path.startsWith("[")
            ? "[" + index + "]" + path
            : "[" + index + "]." + path;
    return this;
  }
}
