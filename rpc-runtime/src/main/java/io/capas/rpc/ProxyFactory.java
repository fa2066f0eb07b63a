package io.capas.rpc;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableMap;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * Builds dynamic proxies over a Java interface: each method call becomes an XML-RPC call through a
 * {@link Client}. The interface is checked when the proxy is created, so a type XML-RPC cannot
 * carry fails at startup with the method named; {@code Object} methods are answered locally.
 */
final class ProxyFactory {
  private ProxyFactory() {}

  /** How one interface method is called. */
  private record Plan(
      String name, Type resultType, @Nullable Converter result, boolean async, boolean varargs) {}

  static <T> T create(Client client, String prefix, Class<T> iface) {
    checkArgument(iface.isInterface(), "%s is not an interface", iface.getName());
    ImmutableMap.Builder<Method, Plan> plans = ImmutableMap.builder();
    for (Method method : iface.getMethods()) {
      if (method.isDefault() || Modifier.isStatic(method.getModifiers())) {
        continue;
      }
      plans.put(method, plan(client.typeMapping(), prefix, iface, method));
    }
    ImmutableMap<Method, Plan> byMethod = plans.buildOrThrow();
    String description = "XML-RPC proxy for " + iface.getName() + " at " + client.target();
    Object proxy =
        Proxy.newProxyInstance(
            iface.getClassLoader(),
            new Class<?>[] {iface},
            (self, method, args) -> {
              if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                  case "equals" -> args != null && args.length == 1 && self == args[0];
                  case "hashCode" -> System.identityHashCode(self);
                  default -> description;
                };
              }
              if (method.isDefault()) {
                return InvocationHandler.invokeDefault(self, method, args);
              }
              Plan plan = byMethod.get(method);
              if (plan == null) {
                throw new IllegalStateException("no plan for " + method);
              }
              List<@Nullable Object> params = params(client.typeMapping(), args, plan.varargs());
              if (plan.async()) {
                return client
                    .callAsync(plan.name(), params)
                    .thenApply(value -> convert(plan, value));
              }
              return convert(plan, client.invoke(plan.name(), params));
            });
    return iface.cast(proxy);
  }

  private static Plan plan(TypeMapping mapping, String prefix, Class<?> iface, Method method) {
    XmlRpcMethod annotation = method.getAnnotation(XmlRpcMethod.class);
    String base =
        annotation == null || annotation.name().isEmpty() ? method.getName() : annotation.name();
    String name = prefix.isEmpty() ? base : prefix + "." + base;
    for (Type type : method.getGenericParameterTypes()) {
      checkArgument(
          isSendable(mapping, type),
          "%s.%s: parameter type %s has no XML-RPC form",
          iface.getName(),
          method.getName(),
          type);
    }
    Type result = method.getGenericReturnType();
    boolean async = TypeMapping.rawClass(result) == CompletableFuture.class;
    if (async) {
      checkArgument(
          result instanceof ParameterizedType,
          "%s.%s: CompletableFuture needs a type argument",
          iface.getName(),
          method.getName());
      result = ((ParameterizedType) result).getActualTypeArguments()[0];
    }
    Class<?> raw = TypeMapping.rawClass(result);
    Converter converter = null;
    if (raw != void.class && raw != Void.class) {
      try {
        converter = mapping.converter(result);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            iface.getName()
                + "."
                + method.getName()
                + ": return type "
                + result.getTypeName()
                + " has no XML-RPC form: "
                + e.getMessage(),
            e);
      }
    }
    for (Class<?> thrown : method.getExceptionTypes()) {
      checkArgument(
          RuntimeException.class.isAssignableFrom(thrown) || Error.class.isAssignableFrom(thrown),
          "%s.%s: declares checked %s; calls fail with the unchecked RpcException",
          iface.getName(),
          method.getName(),
          thrown.getName());
    }
    return new Plan(name, result, converter, async, method.isVarArgs());
  }

  private static boolean isSendable(TypeMapping mapping, Type type) {
    return mapping.isSupported(type) && TypeMapping.rawClass(type) != void.class;
  }

  private static List<@Nullable Object> params(
      TypeMapping mapping, @Nullable Object @Nullable [] args, boolean varargs) {
    if (args == null) {
      return List.of();
    }
    List<@Nullable Object> out = new ArrayList<>(args.length);
    for (int i = 0; i < args.length; i++) {
      if (varargs && i == args.length - 1 && args[i] != null) {
        Object last = args[i];
        int n = Array.getLength(last);
        for (int j = 0; j < n; j++) {
          out.add(param(mapping, Array.get(last, j), i + j));
        }
      } else {
        out.add(param(mapping, args[i], i));
      }
    }
    return out;
  }

  private static @Nullable Object param(TypeMapping mapping, @Nullable Object arg, int index) {
    try {
      return mapping.toWire(arg);
    } catch (ValueConversionException e) {
      throw e.atIndex(index).atMember("params");
    }
  }

  private static @Nullable Object convert(Plan plan, @Nullable Object value) {
    Converter result = plan.result();
    if (result == null) {
      return null;
    }
    try {
      return result.fromWire(value);
    } catch (ValueConversionException e) {
      e.atMember("result");
      throw new RpcException(
          RpcException.Kind.PROTOCOL,
          plan.name(),
          "unexpected result for method " + plan.name() + ": " + e.getMessage(),
          e);
    }
  }
}
