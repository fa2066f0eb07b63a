package io.capas.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes XML-RPC values the way Python's {@code print} shows them, so that a program prints what
 * the course's Python program printed: a string at top level as itself, inside a list or dict as
 * {@code 'text'}; {@code None}, {@code True}, {@code False}; lists {@code [1, 2.0, 'three']}; dicts
 * {@code {'name': 'Arthur'}}. Thread-safe (static methods only).
 */
final class PythonRepr {
  private PythonRepr() {}

  /** What {@code print(value)} shows. */
  static String print(@Nullable Object value) {
    return value instanceof String s ? s : repr(value);
  }

  /** What {@code repr(value)} shows. */
  static String repr(@Nullable Object value) {
    return switch (value) {
      case null -> "None";
      case Boolean b -> b ? "True" : "False";
      case String s -> "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
      case Double d -> d.isInfinite() || d.isNaN() ? (d.isNaN() ? "nan" : "inf") : d.toString();
      case List<?> list -> {
        List<String> items = new ArrayList<>(list.size());
        for (Object item : list) {
          items.add(repr(item));
        }
        yield "[" + String.join(", ", items) + "]";
      }
      case Map<?, ?> map -> {
        List<String> items = new ArrayList<>(map.size());
        for (Map.Entry<?, ?> e : map.entrySet()) {
          items.add(repr(e.getKey()) + ": " + repr(e.getValue()));
        }
        yield "{" + String.join(", ", items) + "}";
      }
      default -> value.toString();
    };
  }
}
