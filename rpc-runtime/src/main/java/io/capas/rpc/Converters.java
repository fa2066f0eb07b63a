package io.capas.rpc;

import static io.capas.rpc.TypeMapping.describeValue;
import static io.capas.rpc.TypeMapping.rawClass;

import com.google.common.collect.ImmutableMap;
import java.lang.reflect.Array;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
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
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/** The built-in {@link Converter}s and how a {@link Type} picks one. */
final class Converters {
  private Converters() {}

  /**
   * The converter of {@code type}: an adapter first, then the built-ins.
   *
   * @throws IllegalArgumentException {@code type} has no XML-RPC form
   */
  static Converter resolve(TypeMapping m, Type type) {
    if (type instanceof WildcardType w) {
      return m.converter(w.getUpperBounds()[0]);
    }
    if (type instanceof TypeVariable<?> v) {
      return m.converter(v.getBounds()[0]);
    }
    Class<?> raw = rawClass(type);
    if (m.hasAdapters()) {
      TypeAdapter<?> adapter = m.adapterFor(raw);
      if (adapter != null) {
        return new Adapted(m, adapter);
      }
    }
    if (raw == Object.class) {
      return m.dynamic;
    }
    Converter leaf = LeafConverters.leaf(m, raw);
    if (leaf != null) {
      return leaf;
    }
    if (raw.isEnum()) {
      return new EnumConverter(raw);
    }
    if (raw == Optional.class) {
      return new OptionalConverter(m.converter(argument(type, 0)));
    }
    if (raw.isArray()) {
      Type component =
          type instanceof GenericArrayType g ? g.getGenericComponentType() : raw.getComponentType();
      return new ArrayConverter(raw.getComponentType(), m.converter(component));
    }
    if (raw == List.class || raw == Collection.class || raw == Iterable.class) {
      return new CollectionConverter(false, m.converter(argument(type, 0)));
    }
    if (raw == Set.class) {
      return new CollectionConverter(true, m.converter(argument(type, 0)));
    }
    if (raw == Map.class) {
      Class<?> key = rawClass(argument(type, 0));
      if (key != String.class && key != Object.class) {
        throw new IllegalArgumentException(
            "no XML-RPC form for " + type + ": struct member names are strings");
      }
      return new MapConverter(m.converter(argument(type, 1)));
    }
    if (raw.isRecord()) {
      return StructConverter.record(m, type);
    }
    if (m.isJavaBean(raw)) {
      return StructConverter.bean(m, raw);
    }
    throw new IllegalArgumentException(
        "no XML-RPC form for "
            + type.getTypeName()
            + " (a record, an enum, a collection, a TypeAdapter or a JavaBean registered with"
            + " TypeMapping.Builder.javaBean)");
  }

  private static Type argument(Type type, int index) {
    if (type instanceof ParameterizedType p && p.getActualTypeArguments().length > index) {
      return p.getActualTypeArguments()[index];
    }
    return Object.class;
  }

  static ValueConversionException mismatch(String expected, @Nullable Object wire) {
    return new ValueConversionException("expected " + expected + ", got " + describeValue(wire));
  }

  // ---------------------------------------------------------------------------- composites

  /** {@code Object}: reads the wire value as it is, writes by the value's runtime class. */
  static final class Dynamic implements Converter {
    private final TypeMapping m;

    Dynamic(TypeMapping m) {
      this.m = m;
    }

    @Override
    public @Nullable Object fromWire(@Nullable Object wire) {
      return wire;
    }

    @Override
    public @Nullable Object toWire(Object value, int depth) {
      if (m.hasAdapters()) {
        TypeAdapter<?> adapter = m.adapterFor(value.getClass());
        if (adapter != null) {
          return m.converter(value.getClass()).toWire(value, depth);
        }
      }
      if (value instanceof Integer
          || value instanceof String
          || value instanceof Boolean
          || value instanceof Double
          || value instanceof LocalDateTime
          || value instanceof byte[]) {
        return value;
      }
      if (value instanceof Long l) {
        // (Object): a bare int and a Long in one conditional would both become long.
        return m.longsAsI4() && l == l.intValue() ? (Object) l.intValue() : l;
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
      if (depth >= TypeMapping.MAX_WIRE_DEPTH) {
        throw new ValueConversionException(
            "value nested deeper than "
                + TypeMapping.MAX_WIRE_DEPTH
                + " levels (does a collection contain itself?)");
      }
      if (value instanceof Optional<?> o) {
        return o.isPresent() ? toWire(o.get(), depth + 1) : null;
      }
      if (value instanceof List<?> list && value instanceof RandomAccess) {
        return listToWire(list, depth + 1);
      }
      if (value instanceof Collection<?> c) {
        return CollectionConverter.write(this, c, depth + 1);
      }
      if (value instanceof Map<?, ?> map) {
        return mapToWire(map, depth + 1);
      }
      if (value.getClass().isArray()) {
        return ArrayConverter.write(this, value, depth + 1);
      }
      Converter converter;
      try {
        converter = m.converter(value.getClass());
      } catch (IllegalArgumentException e) {
        throw new ValueConversionException("no XML-RPC form for " + value.getClass().getName());
      }
      return converter.toWire(value, depth + 1);
    }

    /** The list itself when every element is already in wire form, else a converted copy. */
    private List<?> listToWire(List<?> list, int depth) {
      int n = list.size();
      for (int i = 0; i < n; i++) {
        Object item = list.get(i);
        Object wire = element(item, i, depth);
        if (wire != item) {
          List<@Nullable Object> out = new ArrayList<>(n);
          out.addAll(list.subList(0, i));
          out.add(wire);
          for (int j = i + 1; j < n; j++) {
            out.add(element(list.get(j), j, depth));
          }
          return out;
        }
      }
      return list;
    }

    private @Nullable Object element(@Nullable Object item, int index, int depth) {
      if (item == null) {
        return null;
      }
      try {
        return toWire(item, depth);
      } catch (ValueConversionException e) {
        throw e.atIndex(index);
      }
    }

    /** The map itself when its keys are strings and values in wire form, else a converted copy. */
    private Map<?, ?> mapToWire(Map<?, ?> map, int depth) {
      Map<String, @Nullable Object> out = null;
      int same = 0;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!(e.getKey() instanceof String key)) {
          throw new ValueConversionException("struct member names must be strings: " + e.getKey());
        }
        Object v = e.getValue();
        Object wire;
        try {
          wire = v == null ? null : toWire(v, depth);
        } catch (ValueConversionException x) {
          throw x.atMember(key);
        }
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

    @Override
    public String xmlRpcType() {
      return "any";
    }
  }

  /** A type mapped by a {@link TypeAdapter}. */
  private record Adapted(TypeMapping m, TypeAdapter<?> adapter) implements Converter {
    @Override
    public @Nullable Object fromWire(@Nullable Object wire) {
      if (wire == null) {
        return null;
      }
      try {
        return adapter.fromWire(wire);
      } catch (ValueConversionException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new ValueConversionException(
            "",
            "expected "
                + adapter.type().getSimpleName()
                + " ("
                + adapter.xmlRpcType()
                + "), got "
                + describeValue(wire)
                + (e.getMessage() == null ? "" : ": " + e.getMessage()),
            e);
      }
    }

    @Override
    public @Nullable Object toWire(Object value, int depth) {
      if (depth >= TypeMapping.MAX_WIRE_DEPTH) {
        throw new ValueConversionException("adapters nested deeper than " + depth + " levels");
      }
      @SuppressWarnings("unchecked") // the adapter was chosen by the value's class
      TypeAdapter<Object> a = (TypeAdapter<Object>) adapter;
      Object out = a.toWire(value);
      return out == null ? null : m.dynamic.toWire(out, depth + 1);
    }

    @Override
    public String xmlRpcType() {
      return adapter.xmlRpcType();
    }

    @Override
    public String describe(Set<Class<?>> seen) {
      return adapter.xmlRpcType() + " (" + adapter.type().getSimpleName() + " by adapter)";
    }
  }

  /** An enum as the string of its constant's name, or its {@link XmlRpcName}. */
  private static final class EnumConverter implements Converter {
    private final ImmutableMap<String, Object> byName;
    private final ImmutableMap<Object, String> names;

    EnumConverter(Class<?> type) {
      ImmutableMap.Builder<String, Object> byName = ImmutableMap.builder();
      ImmutableMap.Builder<Object, String> names = ImmutableMap.builder();
      for (Object constant : type.getEnumConstants()) {
        String name = ((Enum<?>) constant).name();
        try {
          XmlRpcName renamed = type.getField(name).getAnnotation(XmlRpcName.class);
          if (renamed != null) {
            name = renamed.value();
          }
        } catch (NoSuchFieldException e) {
          throw new IllegalStateException("enum constant without its field: " + name, e);
        }
        byName.put(name, constant);
        names.put(constant, name);
      }
      this.byName = byName.buildOrThrow();
      this.names = names.buildOrThrow();
    }

    @Override
    public @Nullable Object fromWire(@Nullable Object wire) {
      if (wire == null) {
        return null;
      }
      Object constant = wire instanceof String s ? byName.get(s) : null;
      if (constant == null) {
        throw mismatch("one of " + byName.keySet(), wire);
      }
      return constant;
    }

    @Override
    public Object toWire(Object value, int depth) {
      return names.get(value);
    }

    @Override
    public String xmlRpcType() {
      return "string";
    }

    @Override
    public String describe(Set<Class<?>> seen) {
      return "string (one of " + byName.keySet() + ")";
    }
  }

  /** {@code Optional<T>}: nil (or an absent member) is empty. */
  private record OptionalConverter(Converter inner) implements Converter {
    @Override
    public Object fromWire(@Nullable Object wire) {
      return wire == null ? Optional.empty() : Optional.ofNullable(inner.fromWire(wire));
    }

    @Override
    public @Nullable Object toWire(Object value, int depth) {
      Optional<?> o = (Optional<?>) value;
      return o.isPresent() ? inner.toWire(o.get(), depth + 1) : null;
    }

    @Override
    public String xmlRpcType() {
      return inner.xmlRpcType();
    }

    @Override
    public String describe(Set<Class<?>> seen) {
      return inner.describe(seen) + " or nil";
    }
  }

  /** {@code List}, {@code Collection}, {@code Iterable} and {@code Set} of a typed element. */
  private record CollectionConverter(boolean set, Converter element) implements Converter {
    @Override
    public @Nullable Object fromWire(@Nullable Object wire) {
      if (wire == null) {
        return null;
      }
      if (!(wire instanceof List<?> list)) {
        throw mismatch("array", wire);
      }
      Collection<@Nullable Object> out =
          set ? new LinkedHashSet<>(list.size() * 2) : new ArrayList<>(list.size());
      for (int i = 0; i < list.size(); i++) {
        try {
          out.add(element.fromWire(list.get(i)));
        } catch (ValueConversionException e) {
          throw e.atIndex(i);
        }
      }
      return set
          ? Collections.unmodifiableSet((Set<?>) out)
          : Collections.unmodifiableList((List<?>) out);
    }

    @Override
    public Object toWire(Object value, int depth) {
      return write(element, (Iterable<?>) value, depth + 1);
    }

    static List<@Nullable Object> write(Converter element, Iterable<?> items, int depth) {
      List<@Nullable Object> out =
          new ArrayList<>(items instanceof Collection<?> c ? c.size() : 10);
      int i = 0;
      for (Object item : items) {
        try {
          out.add(item == null ? null : element.toWire(item, depth));
        } catch (ValueConversionException e) {
          throw e.atIndex(i);
        }
        i++;
      }
      return out;
    }

    @Override
    public String xmlRpcType() {
      return "array";
    }

    @Override
    public String describe(Set<Class<?>> seen) {
      return "array of " + element.describe(seen);
    }
  }

  /** Arrays, primitive ones included ({@code byte[]} is base64, a leaf). */
  private record ArrayConverter(Class<?> component, Converter element) implements Converter {
    @Override
    public @Nullable Object fromWire(@Nullable Object wire) {
      if (wire == null) {
        return null;
      }
      if (!(wire instanceof List<?> list)) {
        throw mismatch("array", wire);
      }
      Object array = Array.newInstance(component, list.size());
      for (int i = 0; i < list.size(); i++) {
        try {
          Array.set(array, i, element.fromWire(list.get(i)));
        } catch (ValueConversionException e) {
          throw e.atIndex(i);
        }
      }
      return array;
    }

    @Override
    public Object toWire(Object value, int depth) {
      return write(element, value, depth + 1);
    }

    static List<@Nullable Object> write(Converter element, Object array, int depth) {
      int n = Array.getLength(array);
      List<@Nullable Object> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        Object item = Array.get(array, i);
        try {
          out.add(item == null ? null : element.toWire(item, depth));
        } catch (ValueConversionException e) {
          throw e.atIndex(i);
        }
      }
      return out;
    }

    @Override
    public String xmlRpcType() {
      return "array";
    }

    @Override
    public String describe(Set<Class<?>> seen) {
      return "array of " + element.describe(seen);
    }
  }

  /** {@code Map<String, T>} as a struct with typed values. */
  private record MapConverter(Converter value) implements Converter {
    @Override
    public @Nullable Object fromWire(@Nullable Object wire) {
      if (wire == null) {
        return null;
      }
      if (!(wire instanceof Map<?, ?> map)) {
        throw mismatch("struct", wire);
      }
      if (value instanceof Dynamic) {
        return map;
      }
      Map<String, @Nullable Object> out = new LinkedHashMap<>(map.size() * 2);
      for (Map.Entry<?, ?> e : map.entrySet()) {
        String key = (String) e.getKey();
        try {
          out.put(key, value.fromWire(e.getValue()));
        } catch (ValueConversionException x) {
          throw x.atMember(key);
        }
      }
      return Collections.unmodifiableMap(out);
    }

    @Override
    public Object toWire(Object map, int depth) {
      Map<String, @Nullable Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) map).entrySet()) {
        if (!(e.getKey() instanceof String key)) {
          throw new ValueConversionException("struct member names must be strings: " + e.getKey());
        }
        Object v = e.getValue();
        try {
          out.put(key, v == null ? null : value.toWire(v, depth + 1));
        } catch (ValueConversionException x) {
          throw x.atMember(key);
        }
      }
      return out;
    }

    @Override
    public String xmlRpcType() {
      return "struct";
    }

    @Override
    public String describe(Set<Class<?>> seen) {
      return "struct of " + value.describe(seen);
    }
  }

  static String join(List<String> parts) {
    StringJoiner j = new StringJoiner(", ");
    parts.forEach(j::add);
    return j.toString();
  }
}
