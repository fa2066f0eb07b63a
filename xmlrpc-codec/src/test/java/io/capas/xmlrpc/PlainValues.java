package io.capas.xmlrpc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Values of the plain Java mapping made comparable with {@code equals}: base64 arrays compare by
 * content, everything else as it is. Integer, Long and Double stay distinct, so a comparison checks
 * the XML-RPC type as well as the value.
 */
final class PlainValues {
  private PlainValues() {}

  /** A copy of {@code value} with each {@code byte[]}, however deep, as {@link Bytes}. */
  static @Nullable Object comparable(@Nullable Object value) {
    return switch (value) {
      case null -> null;
      case byte[] b -> new Bytes(b);
      case Map<?, ?> m -> {
        Map<Object, @Nullable Object> copy = new LinkedHashMap<>();
        m.forEach((k, v) -> copy.put(k, comparable(v)));
        yield copy;
      }
      case List<?> l -> {
        List<@Nullable Object> copy = new ArrayList<>(l.size());
        for (Object v : l) {
          copy.add(comparable(v));
        }
        yield copy;
      }
      default -> value;
    };
  }

  /**
   * A base64 value, equal to another by content. A plain class, not a record: the coverage fuzz
   * test compares with it, and Jazzer's instrumentation has crashed the JVM on records there.
   */
  static final class Bytes {
    private final byte[] bytes;

    Bytes(byte[] bytes) {
      this.bytes = bytes.clone();
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof Bytes other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return "base64[" + HexFormat.of().formatHex(bytes) + "]";
    }
  }
}
