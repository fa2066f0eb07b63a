package io.capas.rpc;

import static io.capas.rpc.TypeMapping.rawClass;

import com.google.common.collect.ImmutableSet;
import com.google.common.reflect.TypeToken;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A record (through its canonical constructor) or an opted-in JavaBean (no-arg constructor and
 * setters) as a struct of its components or properties. Resolved once per class: names, accessors
 * and constructor here, the converters of the member types on first use (so that a record may
 * contain itself, through a list or an {@code Optional}).
 */
final class StructConverter implements Converter {
  private final TypeMapping mapping;
  private final Class<?> type;
  private final String[] names;
  private final Type[] types;
  private final boolean[] defaulted;
  private final Method[] getters;
  private final MethodHandle[] readers; // the getters as (Object)Object
  private final @Nullable MethodHandle construct; // the canonical constructor as (Object[])Object
  private final @Nullable Constructor<?> noArgs; // beans
  private final Method @Nullable [] setters; // beans
  private final ImmutableSet<String> known;
  private volatile Converter @Nullable [] converters;

  private StructConverter(
      TypeMapping mapping,
      Class<?> type,
      List<Member> members,
      @Nullable Constructor<?> canonical,
      @Nullable Constructor<?> noArgs) {
    this.mapping = mapping;
    this.type = type;
    int n = members.size();
    this.names = new String[n];
    this.types = new Type[n];
    this.defaulted = new boolean[n];
    this.getters = new Method[n];
    this.setters = noArgs == null ? null : new Method[n];
    for (int i = 0; i < n; i++) {
      Member m = members.get(i);
      names[i] = m.name();
      types[i] = m.type();
      defaulted[i] = m.defaulted() || rawClass(m.type()) == Optional.class;
      getters[i] = m.getter();
      if (setters != null) {
        setters[i] = m.setter();
      }
    }
    this.noArgs = noArgs;
    // Method handles: a 50-member record costs 50 getter calls and a 50-argument constructor per
    // value, which Method.invoke and Constructor.newInstance make several times slower.
    MethodHandles.Lookup lookup = MethodHandles.lookup();
    this.readers = new MethodHandle[n];
    try {
      for (int i = 0; i < n; i++) {
        getters[i].setAccessible(true);
        readers[i] =
            lookup.unreflect(getters[i]).asType(MethodType.methodType(Object.class, Object.class));
      }
      this.construct =
          canonical == null
              ? null
              : lookup
                  .unreflectConstructor(canonical)
                  .asSpreader(Object[].class, n)
                  .asType(MethodType.methodType(Object.class, Object[].class));
    } catch (IllegalAccessException e) {
      throw new IllegalArgumentException("cannot access the members of " + type.getName(), e);
    }
    this.known = ImmutableSet.copyOf(names);
    if (known.size() != n) {
      throw new IllegalArgumentException(type.getName() + ": two members with one XML-RPC name");
    }
  }

  private record Member(
      String name, Type type, boolean defaulted, Method getter, @Nullable Method setter) {}

  /**
   * A record as a struct; {@code generic} may be a parameterization ({@code Box<Point>}), whose
   * type arguments then type the components declared with its variables ({@code T value}).
   */
  static StructConverter record(TypeMapping mapping, Type generic) {
    Class<?> type = rawClass(generic);
    TypeToken<?> owner = generic instanceof ParameterizedType ? TypeToken.of(generic) : null;
    RecordComponent[] components = type.getRecordComponents();
    List<Member> members = new ArrayList<>(components.length);
    Class<?>[] raw = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      RecordComponent c = components[i];
      raw[i] = c.getType();
      Method accessor = c.getAccessor();
      accessor.setAccessible(true);
      members.add(
          new Member(
              name(c, c.getName()),
              owner == null ? c.getGenericType() : owner.resolveType(c.getGenericType()).getType(),
              c.isAnnotationPresent(XmlRpcDefault.class),
              accessor,
              null));
    }
    try {
      Constructor<?> canonical = type.getDeclaredConstructor(raw);
      canonical.setAccessible(true);
      return new StructConverter(mapping, type, members, canonical, null);
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException("record without its canonical constructor: " + type, e);
    }
  }

  static StructConverter bean(TypeMapping mapping, Class<?> type) {
    List<Member> members = new ArrayList<>();
    for (Method getter : type.getMethods()) {
      String property = property(getter);
      if (property == null) {
        continue;
      }
      String setterName = "set" + Character.toUpperCase(property.charAt(0)) + property.substring(1);
      Method setter;
      try {
        setter = type.getMethod(setterName, getter.getReturnType());
      } catch (NoSuchMethodException e) {
        continue; // read-only: not a member
      }
      members.add(
          new Member(name(getter, property), getter.getGenericReturnType(), true, getter, setter));
    }
    members.sort(Comparator.comparing(Member::name));
    try {
      Constructor<?> noArgs = type.getConstructor();
      return new StructConverter(mapping, type, members, null, noArgs);
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(
          "JavaBean without a public no-arg constructor: " + type, e);
    }
  }

  private static @Nullable String property(Method m) {
    if (Modifier.isStatic(m.getModifiers())
        || m.getParameterCount() != 0
        || m.getDeclaringClass() == Object.class) {
      return null;
    }
    String n = m.getName();
    int prefix =
        n.startsWith("get") && n.length() > 3 && m.getReturnType() != void.class
            ? 3
            : n.startsWith("is") && n.length() > 2 && m.getReturnType() == boolean.class ? 2 : 0;
    if (prefix == 0) {
      return null;
    }
    return n.substring(prefix, prefix + 1).toLowerCase(Locale.ROOT) + n.substring(prefix + 1);
  }

  private static String name(AnnotatedElement element, String javaName) {
    XmlRpcName renamed = element.getAnnotation(XmlRpcName.class);
    return renamed == null ? javaName : renamed.value();
  }

  private Converter[] converters() {
    Converter[] resolved = converters;
    if (resolved == null) {
      resolved = new Converter[names.length];
      for (int i = 0; i < names.length; i++) {
        try {
          resolved[i] = mapping.converter(types[i]);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              type.getSimpleName() + "." + names[i] + ": " + e.getMessage(), e);
        }
      }
      converters = resolved;
    }
    return resolved;
  }

  /** Checks that every member type has a form (at registration, not at the first call). */
  void check() {
    converters();
  }

  @Override
  public @Nullable Object fromWire(@Nullable Object wire) {
    if (wire == null) {
      return null;
    }
    if (!(wire instanceof Map<?, ?> map)) {
      throw Converters.mismatch("struct " + type.getSimpleName(), wire);
    }
    Converter[] conv = converters();
    @Nullable Object[] values = new Object[names.length];
    boolean[] present = setters == null ? null : new boolean[names.length];
    int found = 0;
    for (int i = 0; i < names.length; i++) {
      Object v = map.get(names[i]);
      if (v == null && !map.containsKey(names[i])) {
        if (!defaulted[i]) {
          throw new ValueConversionException(
              "missing member \"" + names[i] + "\" of struct " + type.getSimpleName());
        }
        values[i] = defaultValue(types[i]);
        continue;
      }
      found++;
      if (present != null) {
        present[i] = true;
      }
      try {
        values[i] = conv[i].fromWire(v);
      } catch (ValueConversionException e) {
        throw e.atMember(names[i]);
      }
    }
    if (found < map.size() && mapping.rejectUnknownMembers()) {
      for (Object key : map.keySet()) {
        if (!known.contains(key)) {
          throw new ValueConversionException(
              "unknown member \"" + key + "\" of struct " + type.getSimpleName() + " " + known);
        }
      }
    }
    try {
      if (construct != null) {
        return construct.invokeExact(values);
      }
      Object bean = noArgs.newInstance();
      for (int i = 0; i < names.length; i++) {
        if (present[i]) {
          setters[i].invoke(bean, values[i]);
        }
      }
      return bean;
    } catch (InvocationTargetException e) {
      throw refused(e.getCause() == null ? e : e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot build " + type.getName() + ": " + e, e);
    } catch (Error e) {
      throw e;
    } catch (Throwable e) {
      throw refused(e);
    }
  }

  /** A compact constructor or a setter refused the values: the caller sent bad data. */
  private ValueConversionException refused(Throwable cause) {
    return new ValueConversionException(
        "", "invalid " + type.getSimpleName() + ": " + cause.getMessage(), cause);
  }

  private static @Nullable Object defaultValue(Type type) {
    Class<?> raw = rawClass(type);
    if (raw.isPrimitive()) {
      return Array.get(Array.newInstance(raw, 1), 0);
    }
    if (raw == Optional.class) {
      return Optional.empty();
    }
    if (raw == List.class || raw == Collection.class || raw == Iterable.class) {
      return List.of();
    }
    if (raw == Set.class) {
      return Set.of();
    }
    if (raw == Map.class) {
      return Map.of();
    }
    if (raw.isArray()) {
      return Array.newInstance(raw.getComponentType(), 0);
    }
    return null;
  }

  @Override
  public Object toWire(Object value, int depth) {
    if (depth >= TypeMapping.MAX_WIRE_DEPTH) {
      throw new ValueConversionException(
          "value nested deeper than " + TypeMapping.MAX_WIRE_DEPTH + " levels");
    }
    Converter[] conv = converters();
    Map<String, @Nullable Object> out = new LinkedHashMap<>(names.length * 2);
    for (int i = 0; i < names.length; i++) {
      Object member;
      try {
        member = (Object) readers[i].invokeExact(value);
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable e) {
        throw new IllegalStateException(type.getName() + "." + names[i] + " failed: " + e, e);
      }
      if (member instanceof Optional<?> o && o.isEmpty()) {
        continue; // absent, which peers without nil read too
      }
      try {
        out.put(names[i], member == null ? null : conv[i].toWire(member, depth + 1));
      } catch (ValueConversionException e) {
        throw e.atMember(names[i]);
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
    String name = "struct " + type.getSimpleName();
    if (!seen.add(type)) {
      return name;
    }
    Converter[] conv = converters();
    List<String> parts = new ArrayList<>(names.length);
    for (int i = 0; i < names.length; i++) {
      parts.add(names[i] + (defaulted[i] ? "?" : "") + ": " + conv[i].describe(seen));
    }
    seen.remove(type);
    return name + " {" + Converters.join(parts) + "}";
  }
}
