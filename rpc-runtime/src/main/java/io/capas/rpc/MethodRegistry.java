package io.capas.rpc;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import com.google.common.collect.ImmutableList;
import io.capas.xmlrpc.FaultCodes;
import java.lang.reflect.Array;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The methods a server exposes, registered explicitly by name: nothing is ever looked up by
 * reflection from a name the client sent.
 *
 * <p>Registration checks the handler's Java types once, so a type XML-RPC cannot carry fails at
 * startup with the method named. The registry is frozen when the server starts; after that it is
 * immutable and safe for concurrent use. Before, it is not thread-safe.
 */
final class MethodRegistry {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:/]+");

  /** One registered method: what dispatch calls and what introspection reports. */
  record Entry(
      String name,
      String help,
      @Nullable ImmutableList<ImmutableList<String>> signatures,
      RpcHandler handler) {}

  private final Map<String, Entry> methods = new LinkedHashMap<>();
  private final Set<String> inline = new HashSet<>();
  private TypeMapping mapping = TypeMapping.defaults();
  private volatile boolean frozen;

  /**
   * The mapping of Java types used by the methods registered from now on (set it before
   * registering: each method resolves its types when registered).
   */
  public MethodRegistry mapping(TypeMapping value) {
    checkState(!frozen, "the registry is frozen: the server has started");
    checkState(methods.isEmpty(), "set the type mapping before registering methods");
    this.mapping = value;
    return this;
  }

  /** The mapping of Java types the methods use. */
  TypeMapping mapping() {
    return mapping;
  }

  /** Registers an untyped handler; introspection reports no signature for it. */
  public MethodRegistry add(String name, RpcHandler handler) {
    TypeMapping m = mapping;
    return put(new Entry(name, "", null, params -> result(m, handler.handle(params))));
  }

  /**
   * Registers an untyped handler with help text and one signature ({@code [return, params...]}).
   */
  public MethodRegistry add(String name, String help, List<String> signature, RpcHandler handler) {
    TypeMapping m = mapping;
    return put(
        new Entry(
            name,
            help,
            ImmutableList.of(ImmutableList.copyOf(signature)),
            params -> result(m, handler.handle(params))));
  }

  public <A> MethodRegistry add(String name, Class<A> a, RpcHandler.Function1<A> function) {
    return typed(name, null, List.of(a), p -> function.apply(a.cast(p[0])));
  }

  public <A, B> MethodRegistry add(
      String name, Class<A> a, Class<B> b, RpcHandler.Function2<A, B> function) {
    return typed(name, null, List.of(a, b), p -> function.apply(a.cast(p[0]), b.cast(p[1])));
  }

  public <A, B, C> MethodRegistry add(
      String name, Class<A> a, Class<B> b, Class<C> c, RpcHandler.Function3<A, B, C> function) {
    return typed(
        name,
        null,
        List.of(a, b, c),
        p -> function.apply(a.cast(p[0]), b.cast(p[1]), c.cast(p[2])));
  }

  /**
   * As {@link #add(String, Class, RpcHandler.Function1)}, declaring the type of the result for
   * {@code system.methodSignature} (a lambda's own result type is erased: {@code any}).
   */
  public <A> MethodRegistry addFunction(
      String name, Type result, Class<A> a, RpcHandler.Function1<A> function) {
    return typed(name, result, List.of(a), p -> function.apply(a.cast(p[0])));
  }

  /** As {@link #addFunction(String, Type, Class, RpcHandler.Function1)}, for two parameters. */
  public <A, B> MethodRegistry addFunction(
      String name, Type result, Class<A> a, Class<B> b, RpcHandler.Function2<A, B> function) {
    return typed(name, result, List.of(a, b), p -> function.apply(a.cast(p[0]), b.cast(p[1])));
  }

  /** As {@link #addFunction(String, Type, Class, RpcHandler.Function1)}, for three parameters. */
  public <A, B, C> MethodRegistry addFunction(
      String name,
      Type result,
      Class<A> a,
      Class<B> b,
      Class<C> c,
      RpcHandler.Function3<A, B, C> function) {
    return typed(
        name,
        result,
        List.of(a, b, c),
        p -> function.apply(a.cast(p[0]), b.cast(p[1]), c.cast(p[2])));
  }

  /** Registers a handler taking any number of parameters, each converted to {@code type}. */
  public <T> MethodRegistry addVarargs(String name, Class<T> type, RpcHandler.Varargs<T> function) {
    Converter converter = converter(name, type, "parameter");
    TypeMapping m = mapping;
    return put(
        new Entry(
            name,
            "",
            null,
            params -> {
              List<T> converted = new ArrayList<>(params.size());
              for (int i = 0; i < params.size(); i++) {
                converted.add(type.cast(convertParam(params.get(i), converter, i)));
              }
              return result(m, function.apply(converted));
            }));
  }

  /**
   * Registers every public method of {@code target} annotated with {@link XmlRpcMethod}, under
   * {@code prefix + "." + name} (or just the name when the prefix is empty).
   *
   * @throws IllegalArgumentException no method is annotated, or one uses a type XML-RPC cannot
   *     carry (the message names the method)
   */
  public MethodRegistry addObject(String prefix, Object target) {
    int found = 0;
    for (Method method : target.getClass().getMethods()) {
      XmlRpcMethod annotation = method.getAnnotation(XmlRpcMethod.class);
      if (annotation == null || Modifier.isStatic(method.getModifiers())) {
        continue;
      }
      String base = annotation.name().isEmpty() ? method.getName() : annotation.name();
      String name = prefix.isEmpty() ? base : prefix + "." + base;
      put(reflective(mapping, name, annotation.help(), target, method));
      found++;
    }
    checkArgument(
        found > 0, "%s has no public method annotated @XmlRpcMethod", target.getClass().getName());
    return this;
  }

  public MethodRegistry addObject(Object target) {
    return addObject("", target);
  }

  /** The entry for {@code name}, if registered. */
  Optional<Entry> find(String name) {
    return Optional.ofNullable(methods.get(name));
  }

  List<String> names() {
    return ImmutableList.copyOf(methods.keySet());
  }

  /**
   * Declares the handlers of {@code names} non-blocking: they never wait for I/O, a lock or a
   * sleep, and take microseconds. Their calls then run on the thread that decoded them (a selector
   * loop of a multiplexing server) instead of being handed to a virtual thread of their own, which
   * saves a thread switch per call. A handler that blocks here delays every connection of its loop:
   * declare only what you have measured.
   */
  public MethodRegistry runInline(String... names) {
    checkState(!frozen, "the registry is frozen: the server has started");
    for (String name : names) {
      checkArgument(NAME.matcher(name).matches(), "invalid method name: %s", name);
      inline.add(name);
    }
    return this;
  }

  /** Whether {@code name} was declared {@linkplain #runInline non-blocking}. */
  boolean runsInline(String name) {
    return inline.contains(name);
  }

  /** Forbids further registration (called when the server starts). */
  MethodRegistry freeze() {
    frozen = true;
    return this;
  }

  private interface ArrayBody {
    @Nullable Object apply(@Nullable Object[] params) throws Exception;
  }

  private MethodRegistry typed(
      String name, @Nullable Type result, List<Class<?>> types, ArrayBody body) {
    List<String> signature = new ArrayList<>();
    if (result == null) {
      signature.add("any");
    } else {
      Class<?> raw = TypeMapping.rawClass(result);
      if (raw != void.class && raw != Void.class) {
        converter(name, result, "result");
      }
      signature.add(mapping.xmlRpcType(result));
    }
    Converter[] targets = new Converter[types.size()];
    for (int i = 0; i < targets.length; i++) {
      targets[i] = converter(name, types.get(i), "parameter");
      signature.add(targets[i].xmlRpcType());
    }
    TypeMapping m = mapping;
    return put(
        new Entry(
            name,
            "",
            ImmutableList.of(ImmutableList.copyOf(signature)),
            params -> result(m, body.apply(convertAll(params, targets)))));
  }

  /** The converter of a handler's {@code type}; one without an XML-RPC form fails naming both. */
  private Converter converter(String name, Type type, String what) {
    try {
      return mapping.converter(type);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "method "
              + name
              + ": unsupported "
              + what
              + " type "
              + type.getTypeName()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /**
   * A handler's result in wire form; a {@link CompletionStage} is returned as it is, for the
   * dispatcher to wait for (and cancel at the deadline) and convert its value.
   */
  static @Nullable Object result(TypeMapping mapping, @Nullable Object value) {
    return value instanceof CompletionStage<?> ? value : mapping.toWire(value);
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

  private static Entry reflective(
      TypeMapping mapping, String name, String help, Object target, Method method) {
    Type[] declared = method.getGenericParameterTypes();
    // A CallContext parameter is filled in by the runtime: not part of the XML-RPC signature.
    int contextAt = -1;
    List<Type> wire = new ArrayList<>();
    for (int i = 0; i < declared.length; i++) {
      if (declared[i] == CallContext.class) {
        checkArgument(contextAt < 0, "method %s (%s): two CallContext parameters", name, method);
        contextAt = i;
      } else {
        wire.add(declared[i]);
      }
    }
    boolean varargs = method.isVarArgs();
    checkArgument(
        !varargs || contextAt != declared.length - 1,
        "method %s (%s): the CallContext cannot be the varargs",
        name,
        method);
    List<String> signature = new ArrayList<>();
    Type returnType = unwrapStage(method.getGenericReturnType());
    Class<?> rawReturn = TypeMapping.rawClass(returnType);
    if (rawReturn != void.class && rawReturn != Void.class) {
      checkArgument(
          mapping.isSupported(returnType),
          "method %s (%s): unsupported return type %s",
          name,
          method,
          returnType);
    }
    signature.add(mapping.xmlRpcType(returnType));
    Converter[] targets = new Converter[wire.size()];
    for (int i = 0; i < targets.length; i++) {
      Type type = wire.get(i);
      try {
        targets[i] = mapping.converter(type);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "method "
                + name
                + " ("
                + method
                + "): unsupported parameter type "
                + type
                + ": "
                + e.getMessage(),
            e);
      }
      signature.add(targets[i].xmlRpcType());
    }
    method.setAccessible(true);
    int context = contextAt;
    // The varargs' elements are converted one by one, so that a fault names the parameter as the
    // caller sent it (params[n + k]), not as an index into the Java array (params[n][k]).
    Class<?> varargsClass =
        varargs ? TypeMapping.rawClass(wire.getLast()).getComponentType() : null;
    Converter varargsElement = varargs ? mapping.converter(componentType(wire.getLast())) : null;
    RpcHandler handler =
        params -> {
          @Nullable Object[] converted =
              varargs
                  ? convertVarargs(params, targets, varargsClass, varargsElement)
                  : convertAll(params, targets);
          @Nullable Object[] args = converted;
          if (context >= 0) {
            args = new Object[converted.length + 1];
            System.arraycopy(converted, 0, args, 0, context);
            args[context] = CallContext.current();
            System.arraycopy(converted, context, args, context + 1, converted.length - context);
          }
          try {
            return result(mapping, method.invoke(target, args));
          } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
              throw ex;
            }
            if (cause instanceof Error error) {
              throw error;
            }
            throw e;
          }
        };
    return new Entry(
        name, help, varargs ? null : ImmutableList.of(ImmutableList.copyOf(signature)), handler);
  }

  private static @Nullable Object[] convertAll(List<@Nullable Object> params, Converter[] targets) {
    if (params.size() != targets.length) {
      throw new RpcFault(
          FaultCodes.INVALID_PARAMS,
          "expected " + targets.length + " parameter(s), got " + params.size());
    }
    @Nullable Object[] args = new Object[targets.length];
    for (int i = 0; i < targets.length; i++) {
      args[i] = convertParam(params.get(i), targets[i], i);
    }
    return args;
  }

  private static Type componentType(Type array) {
    return array instanceof GenericArrayType g
        ? g.getGenericComponentType()
        : TypeMapping.rawClass(array).getComponentType();
  }

  private static @Nullable Object[] convertVarargs(
      List<@Nullable Object> params,
      Converter[] targets,
      @Nullable Class<?> elementClass,
      @Nullable Converter element) {
    int fixed = targets.length - 1;
    if (params.size() < fixed) {
      throw new RpcFault(
          FaultCodes.INVALID_PARAMS,
          "expected at least " + fixed + " parameter(s), got " + params.size());
    }
    @Nullable Object[] args = new Object[targets.length];
    for (int i = 0; i < fixed; i++) {
      args[i] = convertParam(params.get(i), targets[i], i);
    }
    Object rest = Array.newInstance(elementClass, params.size() - fixed);
    for (int i = fixed; i < params.size(); i++) {
      // A primitive element's converter refuses nil itself.
      Array.set(rest, i - fixed, convertParam(params.get(i), element, i));
    }
    args[fixed] = rest;
    return args;
  }

  private static @Nullable Object convertParam(
      @Nullable Object value, Converter target, int index) {
    try {
      return target.fromWire(value);
    } catch (ValueConversionException e) {
      throw new RpcFault(
          FaultCodes.INVALID_PARAMS, e.atIndex(index).atMember("params").getMessage());
    }
  }

  private MethodRegistry put(Entry entry) {
    checkState(!frozen, "registry is frozen: the server has started; cannot add %s", entry.name());
    checkArgument(NAME.matcher(entry.name()).matches(), "bad method name: %s", entry.name());
    checkArgument(
        !entry.name().startsWith("system."), "system.* names are reserved: %s", entry.name());
    checkArgument(
        !methods.containsKey(entry.name()), "method %s is already registered", entry.name());
    methods.put(entry.name(), entry);
    return this;
  }
}
