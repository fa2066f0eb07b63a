package io.capas.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.xmlrpc.FaultCodes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class DispatcherTest {
  /** suma, addtogether (Python-style varargs) and half, annotated. */
  public static final class Arithmetic {
    @XmlRpcMethod(help = "Returns a + b.")
    public int suma(int a, int b) {
      return a + b;
    }

    @XmlRpcMethod(name = "addtogether", help = "Adds its arguments.")
    public Object addTogether(Object... things) {
      if (things.length > 0 && things[0] instanceof String) {
        return String.join("", Arrays.stream(things).map(String::valueOf).toList());
      }
      int sum = 0;
      for (Object t : things) {
        sum += (Integer) t;
      }
      return sum;
    }

    @XmlRpcMethod
    public double half(double x) {
      return x / 2;
    }

    // Called only through the dispatcher by reflection; throwing is the behaviour under test.
    @SuppressWarnings("DoNotCallSuggester")
    @XmlRpcMethod
    public String boom() {
      throw new IllegalStateException("kaboom");
    }

    // Called only through the dispatcher by reflection; the fault is the behaviour under test.
    @SuppressWarnings("DoNotCallSuggester")
    @XmlRpcMethod
    public int teapot() {
      throw new RpcFault(418, "I'm a teapot");
    }

    public int notExposed() {
      return 1;
    }
  }

  private final Dispatcher dispatcher =
      new Dispatcher(
          new MethodRegistry()
              .addObject(new Arithmetic())
              .add("concat", String.class, String.class, (a, b) -> a + b)
              .addVarargs("count", Object.class, List::size)
              .add("raw", params -> params.size()),
          3);

  private static List<@Nullable Object> params(@Nullable Object... values) {
    return new ArrayList<>(Arrays.asList(values));
  }

  private @Nullable Object ok(String method, @Nullable Object... values) {
    Dispatcher.Outcome outcome = dispatcher.call(method, params(values));
    assertFalse(outcome.isFault(), () -> "fault: " + outcome.fault().faultString());
    return outcome.value();
  }

  private RpcFault fault(String method, @Nullable Object... values) {
    Dispatcher.Outcome outcome = dispatcher.call(method, params(values));
    assertTrue(outcome.isFault(), () -> "no fault, got " + outcome.value());
    return outcome.fault();
  }

  @Test
  void callsAnnotatedTypedAndVarargsHandlers() {
    assertEquals(5, ok("suma", 2, 3));
    assertEquals(10, ok("addtogether", 1, 2, 3, 4));
    assertEquals("abc", ok("addtogether", "a", "b", "c"));
    assertEquals("xy", ok("concat", "x", "y"));
    assertEquals(4, ok("count", 1, "two", null, List.of()));
    assertEquals(2, ok("raw", 1, 2));
  }

  @Test
  void widensIntToDoubleButNotTheOtherWay() {
    assertEquals(1.0, ok("half", 2));
    assertEquals(FaultCodes.INVALID_PARAMS, fault("suma", 2.5, 1).code());
  }

  @Test
  void wrongCountOrTypeIsInvalidParams() {
    RpcFault count = fault("suma", 1);
    assertEquals(FaultCodes.INVALID_PARAMS, count.code());
    assertEquals("expected 2 parameter(s), got 1", count.faultString());
    RpcFault type = fault("suma", 1, "two");
    assertEquals(FaultCodes.INVALID_PARAMS, type.code());
    assertEquals("params[1]: expected int, got string \"two\"", type.faultString());
    assertEquals(FaultCodes.INVALID_PARAMS, fault("suma", 1, null).code());
  }

  @Test
  void unknownMethodIsMethodNotFound() {
    assertEquals(FaultCodes.METHOD_NOT_FOUND, fault("notExposed").code());
    assertEquals(FaultCodes.METHOD_NOT_FOUND, fault("getClass").code());
  }

  @Test
  void handlerExceptionIsApplicationErrorWithItsMessageOnly() {
    RpcFault boom = fault("boom");
    assertEquals(FaultCodes.APPLICATION_ERROR, boom.code());
    assertEquals("kaboom", boom.faultString());
  }

  @Test
  void rpcFaultChoosesCodeAndString() {
    RpcFault teapot = fault("teapot");
    assertEquals(418, teapot.code());
    assertEquals("I'm a teapot", teapot.faultString());
  }

  @Test
  void introspection() {
    @SuppressWarnings("unchecked")
    List<Object> names = (List<Object>) ok("system.listMethods");
    assertTrue(names.containsAll(List.of("suma", "addtogether", "concat", "system.multicall")));
    assertFalse(names.contains("notExposed"));
    assertEquals("Returns a + b.", ok("system.methodHelp", "suma"));
    assertEquals(List.of(List.of("int", "int", "int")), ok("system.methodSignature", "suma"));
    assertEquals(
        List.of(List.of("any", "string", "string")), ok("system.methodSignature", "concat"));
    assertEquals("undef", ok("system.methodSignature", "raw"));
    assertEquals(FaultCodes.METHOD_NOT_FOUND, fault("system.methodHelp", "nope").code());
    @SuppressWarnings("unchecked")
    Map<String, Object> caps = (Map<String, Object>) ok("system.getCapabilities");
    @SuppressWarnings("unchecked")
    Map<String, Object> faults = (Map<String, Object>) caps.get("faults_interop");
    assertEquals(20010516, faults.get("specVersion"));
  }

  @Test
  void multicallAnswersEachCallInOrder() {
    List<Object> calls =
        List.of(
            call("suma", 2, 2),
            call("nope", 1),
            call("system.multicall"),
            "not a struct",
            Map.of("methodName", "suma"),
            call("suma", 4, 4));
    @SuppressWarnings("unchecked")
    List<Object> results = (List<Object>) ok("system.multicall", calls.subList(0, 3));
    assertEquals(List.of(4), results.get(0));
    assertEquals(FaultCodes.METHOD_NOT_FOUND, ((Map<?, ?>) results.get(1)).get("faultCode"));
    assertEquals(
        "recursive system.multicall forbidden", ((Map<?, ?>) results.get(2)).get("faultString"));
    @SuppressWarnings("unchecked")
    List<Object> more = (List<Object>) ok("system.multicall", calls.subList(3, 6));
    assertEquals("system.multicall expected struct", ((Map<?, ?>) more.get(0)).get("faultString"));
    assertEquals("missing params", ((Map<?, ?>) more.get(1)).get("faultString"));
    assertEquals(List.of(8), more.get(2));
    assertEquals(List.of(), ok("system.multicall", List.of()));
  }

  @Test
  void multicallOverTheLimitIsRefused() {
    RpcFault tooMany =
        fault(
            "system.multicall",
            List.of(
                call("suma", 1, 1), call("suma", 1, 1), call("suma", 1, 1), call("suma", 1, 1)));
    assertEquals(FaultCodes.INVALID_PARAMS, tooMany.code());
  }

  @Test
  void registrationChecksTypesAndNames() {
    MethodRegistry registry = new MethodRegistry();
    IllegalArgumentException bad =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                registry.addObject(
                    new Object() {
                      // Only read by reflection: the registry must refuse its Thread return type.
                      @SuppressWarnings({"UnusedMethod", "EffectivelyPrivate"})
                      @XmlRpcMethod
                      public Thread thread() {
                        return Thread.currentThread();
                      }
                    }));
    assertTrue(bad.getMessage().contains("thread"), bad.getMessage());
    assertThrows(IllegalArgumentException.class, () -> registry.add("system.x", p -> 1));
    assertThrows(IllegalArgumentException.class, () -> registry.add("bad name", p -> 1));
    registry.add("x", p -> 1);
    assertThrows(IllegalArgumentException.class, () -> registry.add("x", p -> 2));
    new Dispatcher(registry, 10);
    assertThrows(IllegalStateException.class, () -> registry.add("y", p -> 1));
  }

  @Test
  void returnsNilForVoidAndConvertsCollections() {
    Dispatcher d =
        new Dispatcher(
            new MethodRegistry()
                .add("nothing", p -> null)
                .add("array", p -> new int[] {1, 2})
                .add("map", p -> new LinkedHashMap<>(Map.of("a", 1.5f)))
                .add("badKey", p -> Map.of(1, 2)),
            10);
    assertNull(d.call("nothing", List.of()).value());
    assertEquals(List.of(1, 2), d.call("array", List.of()).value());
    assertEquals(Map.of("a", 1.5), d.call("map", List.of()).value());
    assertEquals(FaultCodes.APPLICATION_ERROR, d.call("badKey", List.of()).fault().code());
  }

  private static Map<String, Object> call(String name, Object... params) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("methodName", name);
    m.put("params", List.of(params));
    return m;
  }
}
