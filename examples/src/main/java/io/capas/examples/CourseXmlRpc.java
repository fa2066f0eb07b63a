package io.capas.examples;

import io.capas.rpc.Client;
import io.capas.rpc.RpcFault;
import io.capas.rpc.RpcServer;
import io.capas.transport.Endpoint;
import io.capas.xmlrpc.Fault;
import io.capas.xmlrpc.FaultCodes;
import io.capas.xmlrpc.MethodCall;
import io.capas.xmlrpc.MethodResponse;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The slides' XML-RPC server and its clients: {@code addtogether(*things)}, {@code quadratic(a, b,
 * c)} and {@code remote_repr(arg)}, with introspection and {@code system.multicall}; the client
 * makes the course's calls, lists the methods with their signatures and help, then sends one
 * multicall.
 *
 * <pre>{@code
 * def addtogether(*things): return reduce(operator.add, things)
 * def quadratic(a, b, c):
 *     b24ac = math.sqrt(b*b - 4.0*a*c)
 *     return list(set([(-b-b24ac) / 2.0*a, (-b+b24ac) / 2.0*a]))
 * }</pre>
 *
 * <p>{@code quadratic} is the course's function as written, and {@code / 2.0*a} divides by 2 and
 * then multiplies by {@code a}: the roots only when {@code a} is 1 or -1. So {@code quadratic(1, 2,
 * 1)} is {@code [-1.0]}, but {@code quadratic(2, -4, 0)} is {@code [0.0, 8.0]} where the roots of
 * 2x² - 4x are 0 and 2. The example keeps the course's results; {@code capas serve}'s {@code
 * quadratic} computes the roots. A negative discriminant is Python's {@code ValueError: math domain
 * error}, a fault here too.
 *
 * <p>Thread-safe (static methods only).
 */
public final class CourseXmlRpc {

  /** The course's port. */
  public static final int PORT = 7001;

  /** Help texts, the course functions' docstrings. */
  static final String ADDTOGETHER_HELP = "Add together everything in the list `things`.";

  static final String QUADRATIC_HELP =
      "Determine `x` values satisfying: `a` * x*x + `b` * x + c == 0";
  static final String REMOTE_REPR_HELP = "Return the `repr()` rendering of the supplied `arg`.";

  /** The fault code Python's SimpleXMLRPCServer gives an exception raised by a function. */
  static final int PYTHON_EXCEPTION_FAULT = 1;

  private CourseXmlRpc() {}

  /** The server with the three functions registered, not yet started. */
  public static RpcServer server(String host, int port) {
    return RpcServer.http(Tcp.transport(), Endpoint.of(host, port))
        .addMethod(
            "addtogether", ADDTOGETHER_HELP, List.of("any", "any"), CourseXmlRpc::addtogether)
        .addMethod(
            "quadratic",
            QUADRATIC_HELP,
            List.of("array", "double", "double", "double"),
            params -> {
              if (params.size() != 3) {
                throw new RpcFault(
                    FaultCodes.INVALID_PARAMS, "quadratic takes 3 arguments, got " + params.size());
              }
              return quadratic(number(params.get(0)), number(params.get(1)), number(params.get(2)));
            })
        .addMethod(
            "remote_repr",
            REMOTE_REPR_HELP,
            List.of("any", "any"),
            params -> {
              if (params.size() != 1) {
                throw new RpcFault(
                    FaultCodes.INVALID_PARAMS,
                    "remote_repr takes 1 argument, got " + params.size());
              }
              return params.get(0);
            });
  }

  /**
   * The course's {@code quadratic}: the distinct values of {@code (-b ∓ √(b² - 4ac)) / 2.0 * a},
   * the minus one first.
   *
   * @throws RpcFault a negative discriminant ({@code math domain error})
   */
  public static List<Double> quadratic(double a, double b, double c) {
    double discriminant = b * b - 4.0 * a * c;
    if (discriminant < 0 || Double.isNaN(discriminant)) {
      throw new RpcFault(PYTHON_EXCEPTION_FAULT, "<class 'ValueError'>:math domain error");
    }
    double b24ac = Math.sqrt(discriminant);
    List<Double> values = new ArrayList<>(2);
    for (double value : new double[] {(-b - b24ac) / 2.0 * a, (-b + b24ac) / 2.0 * a}) {
      double normal = value + 0.0; // -0.0 and 0.0 are one value in a Python set
      if (!values.contains(normal)) {
        values.add(normal);
      }
    }
    return values;
  }

  /** {@code reduce(operator.add, things)}: numbers add, strings and lists concatenate. */
  static @Nullable Object addtogether(List<@Nullable Object> things) {
    if (things.isEmpty()) {
      throw new RpcFault(
          PYTHON_EXCEPTION_FAULT,
          "<class 'TypeError'>:reduce() of empty iterable with no initial value");
    }
    Object first = things.get(0);
    if (first instanceof String s) {
      StringBuilder sum = new StringBuilder(s);
      for (Object thing : things.subList(1, things.size())) {
        sum.append(thing instanceof String next ? next : cannotAdd(first, thing));
      }
      return sum.toString();
    }
    if (first instanceof List<?> list) {
      List<@Nullable Object> sum = new ArrayList<>(list);
      for (Object thing : things.subList(1, things.size())) {
        if (!(thing instanceof List<?> next)) {
          throw cannotAdd(first, thing);
        }
        sum.addAll(next);
      }
      return sum;
    }
    Object sum = first;
    for (Object thing : things.subList(1, things.size())) {
      sum = addNumbers(sum, thing);
    }
    return sum;
  }

  private static Object addNumbers(@Nullable Object a, @Nullable Object b) {
    if (a instanceof Integer x && b instanceof Integer y) {
      long sum = (long) x + y;
      if (sum == (int) sum) {
        return Integer.valueOf((int) sum); // a ternary would promote it to Long
      }
      return Long.valueOf(sum);
    }
    if ((a instanceof Integer || a instanceof Long)
        && (b instanceof Integer || b instanceof Long)) {
      try {
        return Math.addExact(((Number) a).longValue(), ((Number) b).longValue());
      } catch (ArithmeticException e) {
        throw new RpcFault(FaultCodes.INVALID_PARAMS, "integer overflow");
      }
    }
    if (a instanceof Number x && b instanceof Number y) {
      return x.doubleValue() + y.doubleValue();
    }
    throw cannotAdd(a, b);
  }

  private static double number(@Nullable Object value) {
    if (value instanceof Integer || value instanceof Long || value instanceof Double) {
      return ((Number) value).doubleValue();
    }
    throw new RpcFault(
        FaultCodes.INVALID_PARAMS, "expected a number, got " + PythonRepr.repr(value));
  }

  private static RpcFault cannotAdd(@Nullable Object a, @Nullable Object b) {
    return new RpcFault(
        PYTHON_EXCEPTION_FAULT,
        "<class 'TypeError'>:cannot add " + PythonRepr.repr(a) + " and " + PythonRepr.repr(b));
  }

  /** The course client's calls: addtogether, quadratic, remote_repr. */
  public static void calls(Client proxy, PrintStream out) {
    out.println(PythonRepr.print(proxy.call("addtogether", "x", "y", "z")));
    out.println(PythonRepr.print(proxy.call("addtogether", 1, 2, 3, 4, 5)));
    out.println(PythonRepr.print(proxy.call("quadratic", 2, -4, 0)));
    out.println(PythonRepr.print(proxy.call("quadratic", 1, 2, 1)));
    out.println(PythonRepr.print(proxy.call("remote_repr", List.of(1, 2.0, "three"))));
  }

  /** The introspection client: each method but {@code system.*}, its signatures and help. */
  public static void introspect(Client proxy, PrintStream out) {
    out.println("Here are the functions supported by this server:");
    Object names = proxy.call("system.listMethods");
    for (Object name : names instanceof List<?> list ? list : List.of()) {
      String method = String.valueOf(name);
      if (method.startsWith("system.")) {
        continue;
      }
      Object signatures = proxy.call("system.methodSignature", method);
      if (signatures instanceof List<?> list && !list.isEmpty()) {
        for (Object signature : list) {
          out.println(method + "(" + PythonRepr.repr(signature) + ")");
        }
      } else {
        out.println(method + "(...)");
      }
      Object help = proxy.call("system.methodHelp", method);
      if (help instanceof String text && !text.isEmpty()) {
        out.println("   " + text);
      }
    }
  }

  /** The multicall client: three calls in one request, each answer printed. */
  public static List<MethodResponse> multicall(Client proxy, PrintStream out) {
    List<MethodResponse> answers =
        proxy.multicall(
            List.of(
                MethodCall.of("addtogether", "a", "b", "c"),
                MethodCall.of("quadratic", 2, -4, 0),
                MethodCall.of("remote_repr", List.of(1, 2.0, "three"))));
    for (MethodResponse answer : answers) {
      out.println(
          switch (answer) {
            case MethodResponse.Success success -> PythonRepr.print(success.value());
            case Fault fault -> "fault " + fault.code() + ": " + fault.message();
          });
    }
    return answers;
  }

  /** Runs the three clients against {@code host:port}. */
  public static void client(String host, int port, PrintStream out) {
    try (Client proxy = Client.connect(host, port)) {
      calls(proxy, out);
      introspect(proxy, out);
      multicall(proxy, out);
    }
  }

  static void serve(List<String> args, PrintStream out) throws InterruptedException {
    try (RpcServer server =
        server(Examples.arg(args, 0, "127.0.0.1"), Examples.port(args, 1, PORT)).start()) {
      out.println("Server ready at " + server.url());
      server.serve();
    }
  }
}
