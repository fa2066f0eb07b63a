package io.capas.rpc;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import io.capas.xmlrpc.Fault;
import io.capas.xmlrpc.FaultCodes;
import io.capas.xmlrpc.MethodResponse;
import java.lang.reflect.UndeclaredThrowableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Runs calls against a frozen {@link MethodRegistry}, adding the {@code system.*} methods
 * (introspection and {@code system.multicall}), and maps every failure to a fault.
 *
 * <p>Fault mapping: unknown method {@code -32601}; wrong parameter count or type {@code -32602};
 * {@link RpcFault} its own code and string; any other exception {@code -32500} with its message
 * (never a stack trace). An {@link Error} from a handler ({@code StackOverflowError}, {@code
 * OutOfMemoryError}...) is a {@code -32500} fault too, so the caller gets an answer and the
 * connection's thread goes on; it is logged as one WARNING line, since a handler that exhausts the
 * stack or the heap is something an operator must see. Immutable and thread-safe.
 */
final class Dispatcher {
  private static final System.Logger LOGGER = System.getLogger(Dispatcher.class.getName());

  /** The outcome of one call: exactly one of a value or a fault. */
  public record Outcome(@Nullable Object value, @Nullable RpcFault fault) {
    public static Outcome success(@Nullable Object value) {
      return new Outcome(value, null);
    }

    public static Outcome failure(RpcFault fault) {
      return new Outcome(null, fault);
    }

    public boolean isFault() {
      return fault != null;
    }
  }

  private static final ImmutableList<String> SYSTEM_METHODS =
      ImmutableList.of(
          "system.listMethods",
          "system.methodHelp",
          "system.methodSignature",
          "system.getCapabilities",
          "system.multicall");

  private final MethodRegistry registry;
  private final int maxMulticallCalls;
  private final ImmutableList<String> allNames;

  public Dispatcher(MethodRegistry registry, int maxMulticallCalls) {
    checkArgument(
        maxMulticallCalls > 0, "maxMulticallCalls must be positive: %s", maxMulticallCalls);
    this.registry = registry.freeze();
    this.maxMulticallCalls = maxMulticallCalls;
    this.allNames =
        ImmutableList.<String>builder().addAll(registry.names()).addAll(SYSTEM_METHODS).build();
  }

  /**
   * Whether a call of {@code method} may run on the thread that decoded it: a method declared
   * {@linkplain MethodRegistry#runInline non-blocking}, or introspection. {@code system.multicall}
   * is not (its calls may block).
   */
  boolean runsInline(String method) {
    if (registry.runsInline(method)) {
      return true;
    }
    return !method.equals("system.multicall")
        && SYSTEM_METHODS.contains(method)
        && registry.find(method).isEmpty();
  }

  /**
   * Runs one call inside a {@code system.multicall} (through the server's interceptors, say);
   * answers with its response, never throws.
   */
  @FunctionalInterface
  interface InnerCalls {
    MethodResponse call(String method, List<@Nullable Object> params);
  }

  /** Calls {@code method}; never throws. */
  public Outcome call(String method, List<@Nullable Object> params) {
    return call(method, params, null);
  }

  /**
   * Calls {@code method}, running the calls of a {@code system.multicall} through {@code inner}
   * when given (else straight to their handlers); never throws.
   */
  Outcome call(String method, List<@Nullable Object> params, @Nullable InnerCalls inner) {
    try {
      return Outcome.success(invoke(method, params, false, inner));
    } catch (RpcFault fault) {
      return Outcome.failure(fault);
    } catch (Exception | Error e) {
      return Outcome.failure(applicationFault(method, e));
    }
  }

  /** The fault that answers {@code e}, thrown by a handler or interceptor of {@code method}. */
  static RpcFault faultFor(String method, Throwable e) {
    return applicationFault(method, e);
  }

  private static RpcFault applicationFault(String method, Throwable e) {
    Throwable cause =
        e instanceof UndeclaredThrowableException u && u.getCause() != null ? u.getCause() : e;
    if (cause instanceof RpcFault fault) {
      return fault;
    }
    if (cause instanceof Error) {
      // One line, no stack trace: a stack overflow's trace alone is a thousand lines.
      LOGGER.log(System.Logger.Level.WARNING, () -> "method " + method + " failed: " + cause);
    } else {
      LOGGER.log(System.Logger.Level.DEBUG, () -> "method " + method + " failed", cause);
    }
    String message = cause.getMessage();
    return new RpcFault(
        FaultCodes.APPLICATION_ERROR,
        message == null || message.isEmpty() ? cause.getClass().getSimpleName() : message);
  }

  /** A call inside a {@code system.multicall}: no multicall nests in it; never throws. */
  Outcome callNested(String method, List<@Nullable Object> params) {
    try {
      return Outcome.success(invoke(method, params, true, null));
    } catch (RpcFault fault) {
      return Outcome.failure(fault);
    } catch (Exception | Error e) {
      return Outcome.failure(applicationFault(method, e));
    }
  }

  private @Nullable Object invoke(
      String method, List<@Nullable Object> params, boolean nested, @Nullable InnerCalls inner)
      throws Exception {
    Optional<MethodRegistry.Entry> entry = registry.find(method);
    if (entry.isPresent()) {
      Object result = entry.get().handler().handle(params);
      return result instanceof CompletionStage<?> stage ? await(method, stage) : result;
    }
    return switch (method) {
      case "system.listMethods" -> {
        arity(params, 0);
        yield new ArrayList<Object>(allNames);
      }
      case "system.methodHelp" -> {
        arity(params, 1);
        String name = methodName(params.get(0));
        yield registry.find(name).map(MethodRegistry.Entry::help).orElse(systemHelp(name));
      }
      case "system.methodSignature" -> {
        arity(params, 1);
        String name = methodName(params.get(0));
        Optional<MethodRegistry.Entry> target = registry.find(name);
        if (target.isPresent()) {
          ImmutableList<ImmutableList<String>> signatures = target.get().signatures();
          // Introspection spec: a non-array when the signature is unknown (xmlrpc-c: "undef").
          yield signatures == null ? "undef" : new ArrayList<Object>(signatures);
        }
        yield systemSignature(name);
      }
      case "system.getCapabilities" -> {
        arity(params, 0);
        Map<String, Object> caps = new LinkedHashMap<>();
        caps.put(
            "faults_interop",
            spec("http://xmlrpc-epi.sourceforge.net/specs/rfc.fault_codes.php", 20010516));
        caps.put("introspect", spec("https://xmlrpc-c.sourceforge.io/introspection.html", 1));
        caps.put("multicall", spec("http://www.xmlrpc.com/discuss/msgReader$1208", 1));
        caps.put("nil", spec("http://www.ontosys.com/xml-rpc/extensions.php", 1));
        yield caps;
      }
      case "system.multicall" -> {
        if (nested) {
          throw new RpcFault(FaultCodes.INVALID_XMLRPC, "recursive system.multicall forbidden");
        }
        arity(params, 1);
        if (!(params.get(0) instanceof List<?> calls)) {
          throw new RpcFault(FaultCodes.INVALID_PARAMS, "system.multicall expects an array");
        }
        yield multicall(calls, inner);
      }
      default -> throw new RpcFault(FaultCodes.METHOD_NOT_FOUND, "method " + method + " not found");
    };
  }

  /**
   * The value of a handler's {@link CompletionStage}, completed on any thread: this thread (never
   * an I/O thread: handlers are offloaded) waits for it within the call's deadline, if the caller
   * sent one. At the deadline the future is cancelled and the call answered with a fault.
   */
  private @Nullable Object await(String method, CompletionStage<?> stage) throws Exception {
    CompletableFuture<?> future = stage.toCompletableFuture();
    CallContext context = CallContext.currentOrNull();
    Optional<Duration> left = context == null ? Optional.empty() : context.remaining();
    try {
      return registry
          .mapping()
          .toWire(
              left.isPresent()
                  ? future.get(Math.max(1, left.get().toNanos()), TimeUnit.NANOSECONDS)
                  : future.get());
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new RpcFault(
          FaultCodes.SYSTEM_ERROR, "method " + method + " did not complete by the call's deadline");
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new RpcFault(FaultCodes.SYSTEM_ERROR, "method " + method + " interrupted");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof Exception ex) {
        throw ex;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }

  private List<Object> multicall(List<?> calls, @Nullable InnerCalls inner) {
    if (calls.size() > maxMulticallCalls) {
      throw new RpcFault(
          FaultCodes.INVALID_PARAMS,
          "system.multicall: " + calls.size() + " calls exceed the limit of " + maxMulticallCalls);
    }
    List<Object> results = new ArrayList<>(calls.size());
    for (Object call : calls) {
      Outcome outcome = multicallOne(call, inner);
      if (outcome.fault() != null) {
        Map<String, Object> fault = new LinkedHashMap<>();
        fault.put("faultCode", outcome.fault().code());
        fault.put("faultString", outcome.fault().faultString());
        results.add(fault);
      } else {
        List<@Nullable Object> one = new ArrayList<>(1);
        one.add(outcome.value());
        results.add(one);
      }
    }
    return results;
  }

  private Outcome multicallOne(@Nullable Object call, @Nullable InnerCalls inner) {
    if (!(call instanceof Map<?, ?> struct)) {
      return Outcome.failure(
          new RpcFault(FaultCodes.INVALID_PARAMS, "system.multicall expected struct"));
    }
    if (!(struct.get("methodName") instanceof String name)) {
      return Outcome.failure(new RpcFault(FaultCodes.INVALID_PARAMS, "missing methodName"));
    }
    Object params = struct.get("params");
    if (!(params instanceof List<?> list)) {
      return Outcome.failure(new RpcFault(FaultCodes.INVALID_PARAMS, "missing params"));
    }
    @SuppressWarnings("unchecked")
    List<@Nullable Object> typed = (List<@Nullable Object>) list;
    if (inner == null) {
      return callNested(name, typed);
    }
    MethodResponse response = inner.call(name, typed);
    return response instanceof Fault fault
        ? Outcome.failure(new RpcFault(fault.code(), fault.message()))
        : Outcome.success(((MethodResponse.Success) response).value());
  }

  private static Map<String, Object> spec(String url, int version) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("specUrl", url);
    spec.put("specVersion", version);
    return spec;
  }

  private String methodName(@Nullable Object value) {
    if (!(value instanceof String name)) {
      throw new RpcFault(
          FaultCodes.INVALID_PARAMS,
          "expected a method name (string), got " + TypeMapping.describeValue(value));
    }
    if (!allNames.contains(name)) {
      throw new RpcFault(FaultCodes.METHOD_NOT_FOUND, "method " + name + " not found");
    }
    return name;
  }

  private static String systemHelp(String name) {
    return switch (name) {
      case "system.listMethods" -> "Lists the methods this server exposes.";
      case "system.methodHelp" -> "Returns the help text of a method.";
      case "system.methodSignature" -> "Returns the signatures of a method.";
      case "system.getCapabilities" -> "Lists the specifications this server implements.";
      default -> "Runs several calls in one request; one result or fault per call, in order.";
    };
  }

  private static Object systemSignature(String name) {
    List<String> signature =
        switch (name) {
          case "system.listMethods" -> List.of("array");
          case "system.methodHelp" -> List.of("string", "string");
          case "system.methodSignature" -> List.of("array", "string");
          case "system.getCapabilities" -> List.of("struct");
          default -> List.of("array", "array");
        };
    List<Object> signatures = new ArrayList<>();
    signatures.add(new ArrayList<Object>(signature));
    return signatures;
  }

  private static void arity(List<@Nullable Object> params, int expected) {
    if (params.size() != expected) {
      throw new RpcFault(
          FaultCodes.INVALID_PARAMS,
          "expected " + expected + " parameter(s), got " + params.size());
    }
  }
}
