package io.capas.cli;

import io.capas.rpc.RpcFault;
import io.capas.rpc.RpcServer;
import io.capas.xmlrpc.FaultCodes;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The course's example methods: {@code suma}, {@code addtogether}, {@code quadratic} and {@code
 * echo}. Stateless and thread-safe.
 */
final class CourseMethods {
  private CourseMethods() {}

  /** Registers the four methods on {@code server}. */
  static RpcServer register(RpcServer server) {
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
              return add(params.get(0), params.get(1));
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
              Object sum = params.get(0);
              for (int i = 1; i < params.size(); i++) {
                sum = add(sum, params.get(i));
              }
              return sum;
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
        "parameter "
            + (index + 1)
            + ": expected a number, got "
            + io.capas.rpc.Values.describe(value));
  }

  /** Python's {@code +} on XML-RPC values. */
  static Object add(@Nullable Object a, @Nullable Object b) {
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
    if (a instanceof String x && b instanceof String y) {
      return x + y;
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      List<@Nullable Object> joined = new ArrayList<>(x);
      joined.addAll(y);
      return joined;
    }
    throw new RpcFault(
        FaultCodes.INVALID_PARAMS,
        "cannot add "
            + io.capas.rpc.Values.describe(a)
            + " and "
            + io.capas.rpc.Values.describe(b));
  }

  private static boolean isInteger(@Nullable Object v) {
    return v instanceof Integer || v instanceof Long;
  }

  private static boolean isNumber(@Nullable Object v) {
    return isInteger(v) || v instanceof Double;
  }
}
