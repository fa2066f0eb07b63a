package io.capas.benchmarks.xmlrpc;

import io.capas.xmlrpc.MethodCall;
import io.capas.xmlrpc.MethodCallWriter;
import io.capas.xmlrpc.MethodResponse;
import io.capas.xmlrpc.MethodResponseWriter;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The three payloads of issue 3: suma(2, 3), a struct of 50 mixed members, 1,000 ints. */
final class Payloads {
  private Payloads() {}

  /** The call; its response is 5 for suma and the argument itself (an echo) otherwise. */
  static MethodCall call(String name) {
    return switch (name) {
      case "suma" -> MethodCall.of("suma", 2, 3);
      case "struct50" -> MethodCall.of("echo", struct50());
      case "array1000" -> MethodCall.of("echo", array1000());
      default -> throw new IllegalArgumentException(name);
    };
  }

  static Object result(String name) {
    return name.equals("suma") ? 5 : call(name).params().get(0);
  }

  static byte[] callBytes(String name) {
    return MethodCallWriter.create().toBytes(call(name));
  }

  static byte[] responseBytes(String name) {
    return MethodResponseWriter.create().toBytes(MethodResponse.success(result(name)));
  }

  /** The same value with LocalDateTime as java.util.Date (all Apache XML-RPC 3.1.3 knows). */
  static Object forApache(Object v) {
    if (v instanceof LocalDateTime t) {
      return Date.from(t.atZone(ZoneId.systemDefault()).toInstant());
    }
    if (v instanceof Map<?, ?> m) {
      Map<Object, Object> out = new LinkedHashMap<>();
      m.forEach((k, x) -> out.put(k, forApache(x)));
      return out;
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      l.forEach(x -> out.add(forApache(x)));
      return out;
    }
    return v;
  }

  static Map<String, Object> struct50() {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < 50; i++) {
      String key = "member" + i;
      switch (i % 5) {
        case 0 -> m.put(key, i * 1000);
        case 1 -> m.put(key, "value <" + i + "> & some text");
        case 2 -> m.put(key, i * 1.25);
        case 3 -> m.put(key, i % 2 == 0);
        default -> m.put(key, LocalDateTime.of(2024, 1 + i % 12, 1 + i % 28, i % 24, i, i));
      }
    }
    return m;
  }

  static List<Object> array1000() {
    List<Object> l = new ArrayList<>(1000);
    for (int i = 0; i < 1000; i++) {
      l.add(i * 37 - 5000);
    }
    return l;
  }

  /** Whether two values of the plain Java mapping are equal, base64 arrays by content. */
  static boolean sameValue(@Nullable Object a, @Nullable Object b) {
    return switch (a) {
      case null -> b == null;
      case byte[] x -> b instanceof byte[] y && Arrays.equals(x, y);
      case Map<?, ?> x -> {
        if (!(b instanceof Map<?, ?> y) || x.size() != y.size()) {
          yield false;
        }
        for (Map.Entry<?, ?> e : x.entrySet()) {
          if (!y.containsKey(e.getKey()) || !sameValue(e.getValue(), y.get(e.getKey()))) {
            yield false;
          }
        }
        yield true;
      }
      case List<?> x -> {
        if (!(b instanceof List<?> y) || x.size() != y.size()) {
          yield false;
        }
        for (int i = 0; i < x.size(); i++) {
          if (!sameValue(x.get(i), y.get(i))) {
            yield false;
          }
        }
        yield true;
      }
      default -> a.equals(b);
    };
  }
}
