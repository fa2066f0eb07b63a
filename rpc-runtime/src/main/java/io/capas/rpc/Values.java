package io.capas.rpc;

import java.lang.reflect.Array;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.RandomAccess;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * Converts between XML-RPC values as plain Java objects (the "wire" form: {@code Integer}, {@code
 * Long}, {@code Boolean}, {@code String}, {@code Double}, {@code LocalDateTime}, {@code byte[]},
 * {@code List<Object>}, {@code Map<String, Object>}, {@code null}) and the Java types of handlers
 * and proxy interfaces.
 *
 * <p>Stateless and thread-safe. Conversion failures are {@link IllegalArgumentException}s whose
 * message says what was expected and what came.
 */
final class Values {
  private Values() {}

  /** Whether {@code type} is one {@link #toJava} can produce (checked when registering). */
  public static boolean isSupported(Type type) {
    if (type instanceof Class<?> c) {
      if (c.isArray()) {
        return c == byte[].class || isSupported(c.getComponentType());
      }
      return c == Object.class
          || c == void.class
          || c == Void.class
          || (c.isPrimitive() && c != char.class)
          || c == Integer.class
          || c == Long.class
          || c == Short.class
          || c == Byte.class
          || c == Double.class
          || c == Float.class
          || c == Boolean.class
          || c == String.class
          || c == LocalDateTime.class
          || c == List.class
          || c == Collection.class
          || c == Iterable.class
          || c == Set.class
          || c == Map.class;
    }
    if (type instanceof ParameterizedType p) {
      Type raw = p.getRawType();
      Type[] args = p.getActualTypeArguments();
      if (raw == Map.class) {
        return (args[0] == String.class || args[0] == Object.class) && isSupported(args[1]);
      }
      return isSupported(raw) && raw != Map.class && args.length == 1 && isSupported(args[0]);
    }
    if (type instanceof WildcardType w) {
      return w.getUpperBounds().length == 1 && isSupported(w.getUpperBounds()[0]);
    }
    if (type instanceof GenericArrayType g) {
      return isSupported(g.getGenericComponentType());
    }
    return false;
  }

  /** The XML-RPC type name of {@code type} for {@code system.methodSignature}. */
  public static String typeName(Type type) {
    Class<?> raw = rawClass(type);
    if (raw == int.class
        || raw == Integer.class
        || raw == short.class
        || raw == Short.class
        || raw == byte.class
        || raw == Byte.class) {
      return "int";
    }
    if (raw == long.class || raw == Long.class) {
      return "i8";
    }
    if (raw == double.class || raw == Double.class || raw == float.class || raw == Float.class) {
      return "double";
    }
    if (raw == boolean.class || raw == Boolean.class) {
      return "boolean";
    }
    if (raw == String.class) {
      return "string";
    }
    if (raw == byte[].class) {
      return "base64";
    }
    if (raw == LocalDateTime.class) {
      return "dateTime.iso8601";
    }
    if (raw.isArray() || Iterable.class.isAssignableFrom(raw)) {
      return "array";
    }
    if (Map.class.isAssignableFrom(raw)) {
      return "struct";
    }
    if (raw == void.class || raw == Void.class) {
      return "nil";
    }
    return "any";
  }

  static Class<?> rawClass(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType p) {
      return (Class<?>) p.getRawType();
    }
    if (type instanceof WildcardType w) {
      return rawClass(w.getUpperBounds()[0]);
    }
    if (type instanceof GenericArrayType g) {
      return Array.newInstance(rawClass(g.getGenericComponentType()), 0).getClass();
    }
    return Object.class;
  }

  /**
   * Converts a wire value to {@code target}.
   *
   * @throws IllegalArgumentException the value does not fit the type
   */
  public static @Nullable Object toJava(@Nullable Object value, Type target) {
    Class<?> raw = rawClass(target);
    if (value == null) {
      if (raw.isPrimitive()) {
        throw mismatch(value, target);
      }
      return null;
    }
    if (raw == Object.class) {
      return value;
    }
    if (raw == int.class || raw == Integer.class) {
      if (value instanceof Integer) {
        return value;
      }
      if (value instanceof Long l && l == l.intValue()) {
        return l.intValue();
      }
      throw mismatch(value, target);
    }
    if (raw == long.class || raw == Long.class) {
      if (value instanceof Integer i) {
        return i.longValue();
      }
      if (value instanceof Long) {
        return value;
      }
      throw mismatch(value, target);
    }
    if (raw == short.class || raw == Short.class) {
      if (value instanceof Integer i && i == i.shortValue()) {
        return i.shortValue();
      }
      throw mismatch(value, target);
    }
    if (raw == byte.class || raw == Byte.class) {
      if (value instanceof Integer i && i == i.byteValue()) {
        return i.byteValue();
      }
      throw mismatch(value, target);
    }
    if (raw == double.class || raw == Double.class) {
      if (value instanceof Double) {
        return value;
      }
      // An int where a double is expected is widened, as Python and Apache clients send 2 for 2.0.
      if (value instanceof Integer || value instanceof Long) {
        return ((Number) value).doubleValue();
      }
      throw mismatch(value, target);
    }
    if (raw == float.class || raw == Float.class) {
      if (value instanceof Number n && !(value instanceof Long)) {
        return n.floatValue();
      }
      throw mismatch(value, target);
    }
    if (raw == boolean.class || raw == Boolean.class) {
      if (value instanceof Boolean) {
        return value;
      }
      throw mismatch(value, target);
    }
    if (raw == String.class || raw == LocalDateTime.class || raw == byte[].class) {
      if (raw.isInstance(value)) {
        return value;
      }
      throw mismatch(value, target);
    }
    if (raw.isArray()) {
      if (!(value instanceof List<?> list)) {
        throw mismatch(value, target);
      }
      Type component =
          target instanceof GenericArrayType g
              ? g.getGenericComponentType()
              : raw.getComponentType();
      Object array = Array.newInstance(raw.getComponentType(), list.size());
      for (int i = 0; i < list.size(); i++) {
        Array.set(array, i, toJava(list.get(i), component));
      }
      return array;
    }
    if (raw == List.class || raw == Collection.class || raw == Iterable.class || raw == Set.class) {
      if (!(value instanceof List<?> list)) {
        throw mismatch(value, target);
      }
      Type element = elementType(target, 0);
      Collection<@Nullable Object> out =
          raw == Set.class ? new LinkedHashSet<>() : new ArrayList<>(list.size());
      for (Object item : list) {
        out.add(toJava(item, element));
      }
      return raw == Set.class
          ? Collections.unmodifiableSet((Set<?>) out)
          : Collections.unmodifiableList((List<?>) out);
    }
    if (raw == Map.class) {
      if (!(value instanceof Map<?, ?> map)) {
        throw mismatch(value, target);
      }
      Type valueType = elementType(target, 1);
      if (valueType == Object.class) {
        return value;
      }
      Map<String, @Nullable Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.put((String) e.getKey(), toJava(e.getValue(), valueType));
      }
      return Collections.unmodifiableMap(out);
    }
    throw mismatch(value, target);
  }

  private static Type elementType(Type target, int index) {
    if (target instanceof ParameterizedType p && p.getActualTypeArguments().length > index) {
      Type t = p.getActualTypeArguments()[index];
      return t instanceof WildcardType w ? w.getUpperBounds()[0] : t;
    }
    return Object.class;
  }

  private static IllegalArgumentException mismatch(@Nullable Object value, Type target) {
    return new IllegalArgumentException(
        "expected " + typeName(target) + ", got " + describe(value));
  }

  /** The XML-RPC type name of a wire value, for error messages. */
  public static String describe(@Nullable Object value) {
    if (value == null) {
      return "nil";
    }
    if (value instanceof List) {
      return "array";
    }
    if (value instanceof Map) {
      return "struct";
    }
    return typeName(value.getClass());
  }

  /**
   * A handler's result in wire form; a {@link CompletionStage} is returned as it is, for the
   * dispatcher to wait for (and cancel at the deadline) and convert its value.
   */
  static @Nullable Object result(@Nullable Object value) {
    return value instanceof CompletionStage<?> ? value : toWire(value);
  }

  /** The {@code T} of a {@code CompletionStage<T>} or {@code CompletableFuture<T>}, else itself. */
  static Type unwrapStage(Type type) {
    if (type instanceof ParameterizedType p
        && p.getRawType() instanceof Class<?> raw
        && CompletionStage.class.isAssignableFrom(raw)
        && p.getActualTypeArguments().length == 1) {
      return p.getActualTypeArguments()[0];
    }
    return type;
  }

  /** How deep {@link #toWire} follows nested collections: a cycle fails instead of overflowing. */
  static final int MAX_WIRE_DEPTH = 512;

  /**
   * Converts a Java value to its wire form: boxed numbers narrower than int become {@code Integer},
   * {@code Float} becomes {@code Double}, arrays and collections become lists, maps with string
   * keys become maps, {@code Optional} unwraps. A list or map already in wire form (the common
   * case: a value the codec parsed, echoed back) is returned as it is, not copied.
   *
   * @throws IllegalArgumentException the value has no XML-RPC form, or nests deeper than {@value
   *     #MAX_WIRE_DEPTH} levels (a collection that contains itself)
   */
  public static @Nullable Object toWire(@Nullable Object value) {
    return toWire(value, 0);
  }

  private static @Nullable Object toWire(@Nullable Object value, int depth) {
    if (value == null
        || value instanceof Integer
        || value instanceof String
        || value instanceof Boolean
        || value instanceof Double
        || value instanceof Long
        || value instanceof LocalDateTime
        || value instanceof byte[]) {
      return value;
    }
    if (value instanceof Short || value instanceof Byte) {
      return ((Number) value).intValue();
    }
    if (value instanceof Float f) {
      return f.doubleValue();
    }
    if (value instanceof Character c) {
      return String.valueOf(c);
    }
    if (depth >= MAX_WIRE_DEPTH) {
      throw new IllegalArgumentException(
          "value nested deeper than "
              + MAX_WIRE_DEPTH
              + " levels (does a collection contain itself?)");
    }
    if (value instanceof Optional<?> o) {
      return toWire(o.orElse(null), depth + 1);
    }
    if (value instanceof List<?> list && value instanceof RandomAccess) {
      return listToWire(list, depth + 1);
    }
    if (value instanceof Collection<?> c) {
      List<@Nullable Object> out = new ArrayList<>(c.size());
      for (Object item : c) {
        out.add(toWire(item, depth + 1));
      }
      return out;
    }
    if (value.getClass().isArray()) {
      int n = Array.getLength(value);
      List<@Nullable Object> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        out.add(toWire(Array.get(value, i), depth + 1));
      }
      return out;
    }
    if (value instanceof Map<?, ?> map) {
      return mapToWire(map, depth + 1);
    }
    throw new IllegalArgumentException("no XML-RPC form for " + value.getClass().getName());
  }

  /** The list itself when every element is already in wire form, else a converted copy. */
  private static List<?> listToWire(List<?> list, int depth) {
    int n = list.size();
    for (int i = 0; i < n; i++) {
      Object item = list.get(i);
      Object wire = toWire(item, depth);
      if (wire != item) {
        List<@Nullable Object> out = new ArrayList<>(n);
        out.addAll(list.subList(0, i));
        out.add(wire);
        for (int j = i + 1; j < n; j++) {
          out.add(toWire(list.get(j), depth));
        }
        return out;
      }
    }
    return list;
  }

  /**
   * The map itself when its keys are strings and its values in wire form, else a converted copy.
   */
  private static Map<?, ?> mapToWire(Map<?, ?> map, int depth) {
    Map<String, @Nullable Object> out = null;
    int same = 0;
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getKey() instanceof String key)) {
        throw new IllegalArgumentException("struct member names must be strings: " + e.getKey());
      }
      Object v = e.getValue();
      Object wire = toWire(v, depth);
      if (out == null && wire != v) {
        out = new LinkedHashMap<>();
        int left = same;
        for (Map.Entry<?, ?> before : map.entrySet()) {
          if (left-- == 0) {
            break;
          }
          out.put((String) before.getKey(), before.getValue());
        }
      }
      if (out != null) {
        out.put(key, wire);
      } else {
        same++;
      }
    }
    return out == null ? map : out;
  }
}
