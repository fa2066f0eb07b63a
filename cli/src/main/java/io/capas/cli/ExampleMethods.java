package io.capas.cli;

import io.capas.rpc.RpcFault;
import io.capas.rpc.RpcServer;
import io.capas.xmlrpc.FaultCodes;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The example methods that {@code capas serve} and {@code capas demo} offer: {@code suma} (a + b),
 * {@code addtogether} (+ over all its arguments), {@code quadratic} (the real roots of a*x^2 + b*x
 * + c) and {@code echo}. Stateless and thread-safe.
 *
 * <p>{@code addtogether} reduces its arguments in one pass (a string or list is built once, not
 * copied at each step), and what {@code suma} and {@code addtogether} may build is capped by {@link
 * Limits}: past it, a {@code -32602} fault. Work is linear in the bytes of the request.
 */
final class ExampleMethods {
  private ExampleMethods() {}

  /**
   * Caps on what one call may build, so that a small (compressed) request cannot make the server
   * build a large value. Immutable and thread-safe.
   *
   * @param maxStringChars the longest string a sum may produce
   * @param maxListItems the most items a list sum may produce
   */
  record Limits(int maxStringChars, int maxListItems) {
    Limits {
      if (maxStringChars <= 0 || maxListItems <= 0) {
        throw new IllegalArgumentException(
            "limits must be positive: " + maxStringChars + " chars, " + maxListItems + " items");
      }
    }

    /**
     * 8 Mi chars and 1 Mi items: as large as anything the default 8 MiB request body can carry (so
     * no ordinary call meets them), and a bound when the body limit is raised.
     */
    static Limits defaults() {
      return new Limits(8 * 1024 * 1024, 1024 * 1024);
    }
  }

  /** The names of the methods {@link #register} adds. */
  static final List<String> NAMES = List.of("suma", "addtogether", "quadratic", "echo");

  /** Registers the four methods on {@code server}, with the default {@link Limits}. */
  static RpcServer register(RpcServer server) {
    return register(server, Limits.defaults());
  }

  /** Registers the four methods on {@code server}. */
  static RpcServer register(RpcServer server, Limits limits) {
    return server
        .addMethod(
            "suma",
            "Returns a + b (numbers add, strings concatenate).",
            List.of("any", "any", "any"),
            params -> {
              if (params.size() != 2) {
                throw new RpcFault(
                    FaultCodes.INVALID_PARAMS, "expected 2 parameter(s), got " + params.size());
              }
              return add(params.get(0), params.get(1), limits);
            })
        .addMethod(
            "addtogether",
            "Reduces its arguments with + (ints add, strings concatenate).",
            List.of("any", "any"),
            params -> {
              if (params.isEmpty()) {
                throw new RpcFault(
                    FaultCodes.INVALID_PARAMS, "addtogether needs at least one argument");
              }
              return addAll(params, limits);
            })
        .addMethod(
            "quadratic",
            "Returns the distinct real roots of a*x^2 + b*x + c as a list of doubles.",
            List.of("array", "double", "double", "double"),
            params -> {
              if (params.size() != 3) {
                throw new RpcFault(
                    FaultCodes.INVALID_PARAMS, "expected 3 parameter(s), got " + params.size());
              }
              return quadratic(number(params, 0), number(params, 1), number(params, 2));
            })
        .addMethod(
            "echo",
            "Returns its argument unchanged.",
            List.of("any", "any"),
            params -> {
              if (params.size() != 1) {
                throw new RpcFault(
                    FaultCodes.INVALID_PARAMS, "expected 1 parameter(s), got " + params.size());
              }
              return params.get(0);
            });
  }

  static List<Double> quadratic(double a, double b, double c) {
    List<Double> roots = new ArrayList<>(2);
    if (a == 0) {
      if (b == 0) {
        throw new RpcFault(FaultCodes.INVALID_PARAMS, "not an equation: a and b are both 0");
      }
      roots.add(-c / b);
      return roots;
    }
    double discriminant = b * b - 4 * a * c;
    if (discriminant > 0) {
      double root = Math.sqrt(discriminant);
      roots.add((-b + root) / (2 * a));
      roots.add((-b - root) / (2 * a));
    } else if (discriminant == 0) {
      roots.add(-b / (2 * a) + 0.0); // + 0.0 turns -0.0 into 0.0
    }
    return roots;
  }

  private static double number(List<@Nullable Object> params, int index) {
    Object value = params.get(index);
    if (value instanceof Integer || value instanceof Long || value instanceof Double) {
      return ((Number) value).doubleValue();
    }
    throw new RpcFault(
        FaultCodes.INVALID_PARAMS,
        "parameter " + (index + 1) + ": expected a number, got " + typeName(value));
  }

  /** Python's {@code +} on XML-RPC values, with the default limits. */
  static @Nullable Object add(@Nullable Object a, @Nullable Object b) {
    return add(a, b, Limits.defaults());
  }

  /** Python's {@code +} on XML-RPC values. */
  static @Nullable Object add(@Nullable Object a, @Nullable Object b, Limits limits) {
    List<@Nullable Object> two = new ArrayList<>(2);
    two.add(a);
    two.add(b);
    return addAll(two, limits);
  }

  /**
   * {@code functools.reduce(operator.add, values)} in one pass: strings are appended to one builder
   * and lists to one list (a reduce by pairs would copy the growing value at each step: quadratic),
   * numbers are summed pairwise.
   */
  static @Nullable Object addAll(List<@Nullable Object> values, Limits limits) {
    Object first = values.get(0);
    if (first instanceof String s) {
      checkChars(s.length(), limits);
      StringBuilder sum = new StringBuilder(s);
      for (int i = 1; i < values.size(); i++) {
        if (!(values.get(i) instanceof String next)) {
          throw cannotAdd(first, values.get(i));
        }
        checkChars((long) sum.length() + next.length(), limits);
        sum.append(next);
      }
      return sum.toString();
    }
    if (first instanceof List<?> list) {
      checkItems(list.size(), limits);
      List<@Nullable Object> sum = new ArrayList<>(list);
      for (int i = 1; i < values.size(); i++) {
        if (!(values.get(i) instanceof List<?> next)) {
          throw cannotAdd(first, values.get(i));
        }
        checkItems((long) sum.size() + next.size(), limits);
        sum.addAll(next);
      }
      return sum;
    }
    @Nullable Object sum = first;
    for (int i = 1; i < values.size(); i++) {
      sum = addNumbers(sum, values.get(i));
    }
    return sum;
  }

  private static void checkChars(long length, Limits limits) {
    if (length > limits.maxStringChars()) {
      throw new RpcFault(
          FaultCodes.INVALID_PARAMS,
          "the sum would exceed the limit of " + limits.maxStringChars() + " chars");
    }
  }

  private static void checkItems(long size, Limits limits) {
    if (size > limits.maxListItems()) {
      throw new RpcFault(
          FaultCodes.INVALID_PARAMS,
          "the sum would exceed the limit of " + limits.maxListItems() + " items");
    }
  }

  private static RpcFault cannotAdd(@Nullable Object a, @Nullable Object b) {
    return new RpcFault(
        FaultCodes.INVALID_PARAMS, "cannot add " + typeName(a) + " and " + typeName(b));
  }

  /** {@code a + b} for numbers (Python's int and float rules). */
  private static Object addNumbers(@Nullable Object a, @Nullable Object b) {
    if (isInteger(a) && isInteger(b)) {
      long sum;
      try {
        sum = Math.addExact(((Number) a).longValue(), ((Number) b).longValue());
      } catch (ArithmeticException e) {
        throw new RpcFault(FaultCodes.INVALID_PARAMS, "integer overflow");
      }
      if (sum == (int) sum) {
        return Integer.valueOf((int) sum); // a ternary here would promote it to Long
      }
      return Long.valueOf(sum);
    }
    if (isNumber(a) && isNumber(b)) {
      return ((Number) a).doubleValue() + ((Number) b).doubleValue();
    }
    throw cannotAdd(a, b);
  }

  private static boolean isInteger(@Nullable Object v) {
    return v instanceof Integer || v instanceof Long;
  }

  private static boolean isNumber(@Nullable Object v) {
    return isInteger(v) || v instanceof Double;
  }

  /** The XML-RPC type name of a wire value, for fault strings. */
  private static String typeName(@Nullable Object value) {
    return switch (value) {
      case null -> "nil";
      case Integer i -> "int";
      case Long l -> "i8";
      case Boolean b -> "boolean";
      case String s -> "string";
      case Double d -> "double";
      case LocalDateTime t -> "dateTime.iso8601";
      case OffsetDateTime t -> "dateTime.iso8601";
      case byte[] bytes -> "base64";
      case List<?> list -> "array";
      case Map<?, ?> map -> "struct";
      default -> value.getClass().getSimpleName();
    };
  }
}
