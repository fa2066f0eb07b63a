package io.capas.rpc;

import static io.capas.rpc.TypedFixtures.everything;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.reflect.TypeToken;
import io.capas.rpc.TypedFixtures.Color;
import io.capas.rpc.TypedFixtures.Invoice;
import io.capas.rpc.TypedFixtures.Money;
import io.capas.rpc.TypedFixtures.Point;
import io.capas.rpc.TypedFixtures.Shape;
import io.capas.rpc.TypedFixtures.Shapes;
import io.capas.rpc.TypedFixtures.ShapesApi;
import io.capas.xmlrpc.FaultCodes;
import io.capas.xmlrpc.MethodCall;
import io.capas.xmlrpc.MethodResponse;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Typed values (issue 15) between a capas server and capas clients: every row of the mapping
 * through a typed proxy, the faults that name the path, adapters, and introspection.
 */
class TypedValuesTest {
  private static Map<String, Object> point(Object x, Object y) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("x", x);
    p.put("y", y);
    return p;
  }

  @Test
  void everyRowRoundTripsThroughATypedProxy() {
    try (RpcServer server = TypedFixtures.server().addObject("shapes", new Shapes()).start();
        Client client = Client.connect(server.url())) {
      ShapesApi api = client.proxy("shapes", ShapesApi.class);
      assertEquals(everything(), api.echo(everything()));
      Shape shape =
          new Shape(
              "tri",
              List.of(new Point(0, 0), new Point(4, 0), new Point(0, 3)),
              Optional.of("right"),
              Color.RED,
              0.5,
              2);
      assertEquals(shape, api.shape(shape));
      assertEquals(
          List.of(new Point(3, 4), new Point(1, 2)),
          api.reverse(List.of(new Point(1, 2), new Point(3, 4))));
      assertArrayEquals(new int[] {2, 4, -6}, api.doubled(new int[] {1, 2, -3}));
      assertArrayEquals(new Point[] {new Point(1, 1)}, api.points(new Point[] {new Point(1, 1)}));
      assertArrayEquals(new byte[] {9, 8}, api.bytes(new byte[] {9, 8}));
      assertEquals(Map.of("sky", Color.DARK_BLUE), api.colors(Map.of("sky", Color.DARK_BLUE)));
      assertEquals(Optional.empty(), api.maybe(Optional.empty()));
      assertEquals(Optional.of(new Point(1, 2)), api.maybe(Optional.of(new Point(1, 2))));
      assertEquals((byte) -128, api.small((byte) -128));
    }
  }

  @Test
  void plainClientsSeeStructsArraysAndStrings() {
    try (RpcServer server = TypedFixtures.server().addObject("shapes", new Shapes()).start();
        Client client = Client.connect(server.url())) {
      Map<String, Object> shape = new LinkedHashMap<>();
      shape.put("name", "line");
      shape.put("points", List.of(point(1, 2)));
      shape.put("color", "dark-blue");
      shape.put("line-width", 2); // an int where a double is expected is widened
      Map<String, Object> expected = new LinkedHashMap<>(shape);
      expected.put("line-width", 2.0);
      expected.put("layer", 0); // @XmlRpcDefault; the absent Optional note is left out
      assertEquals(expected, client.call("shapes.shape", shape));
      assertEquals(List.of(2, 4), client.call("shapes.doubled", List.of(1, 2)));
    }
  }

  @Test
  void faultsNameThePathOfTheMismatch() {
    try (RpcServer server = TypedFixtures.server().addObject("shapes", new Shapes()).start();
        Client client = Client.connect(server.url())) {
      List<Object> points = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        points.add(point(i, i));
      }
      points.add(point("7a", 1));
      Map<String, Object> shape = new LinkedHashMap<>();
      shape.put("name", "bad");
      shape.put("points", points);
      shape.put("color", "RED");
      shape.put("line-width", 1.0);
      assertFault(
          "params[0].points[3].x: expected int, got string \"7a\"",
          () -> client.call("shapes.shape", shape));

      assertFault(
          "params[0]: missing member \"y\" of struct Point",
          () -> client.call("shapes.area", Map.of("x", 1)));

      shape.put("points", List.of());
      shape.put("color", "BLUE");
      assertFault(
          "params[0].color: expected one of [RED, GREEN, dark-blue], got string \"BLUE\"",
          () -> client.call("shapes.shape", shape));

      assertFault("params[0]: expected byte, got int 300", () -> client.call("shapes.small", 300));
      assertFault(
          "params[0].x: expected int, got i8 4294967296",
          () -> client.call("shapes.area", point(1L << 32, 1)));
      assertFault(
          "params[0].y: expected int, got nil", () -> client.call("shapes.area", point(1, null)));
      assertFault(
          "params[0][1]: expected int, got double 2.5",
          () -> client.call("shapes.doubled", List.of(1, 2.5)));
    }
  }

  @Test
  void unknownMembersAreIgnoredUnlessRefused() {
    Map<String, Object> extra = point(2, 3);
    extra.put("z", 4);
    try (RpcServer lenient = TypedFixtures.server().addObject(new Shapes()).start();
        RpcServer strict =
            TypedFixtures.server()
                .typeMapping(TypeMapping.builder().rejectUnknownMembers(true).build())
                .addObject(new Shapes())
                .start();
        Client a = Client.connect(lenient.url());
        Client b = Client.connect(strict.url())) {
      assertEquals(6, a.call("area", extra));
      assertFault(
          "params[0]: unknown member \"z\" of struct Point [x, y]", () -> b.call("area", extra));
    }
  }

  @Test
  void aResultThatDoesNotFitIsATypedClientException() {
    interface Wrong {
      @XmlRpcMethod(name = "shapes.bytes")
      Point bytes(byte[] bytes);
    }
    try (RpcServer server = TypedFixtures.server().addObject("shapes", new Shapes()).start();
        Client client = Client.connect(server.url())) {
      RpcException e =
          assertThrows(RpcException.class, () -> client.proxy(Wrong.class).bytes(new byte[1]));
      assertEquals(RpcException.Kind.PROTOCOL, e.kind());
      ValueConversionException cause =
          assertInstanceOf(ValueConversionException.class, e.getCause());
      assertEquals("result", cause.path());
      assertEquals("expected struct Point, got base64 (1 bytes)", cause.detail());

      ValueConversionException arg =
          assertThrows(
              ValueConversionException.class,
              () -> client.call("shapes.bytes", List.of(1, new Object())));
      assertEquals("params[0][1]", arg.path());
    }
  }

  @Test
  void lambdasTakeRecordsAndResultsConvertPerMulticallEntry() {
    try (RpcServer server =
            TypedFixtures.server()
                .addMethod(
                    "mid",
                    Point.class,
                    Point.class,
                    (a, b) -> new Point((a.x() + b.x()) / 2, (a.y() + b.y()) / 2))
                .addMethod(
                    "line",
                    Integer.class,
                    n -> {
                      List<Point> out = new ArrayList<>();
                      for (int i = 0; i < n; i++) {
                        out.add(new Point(i, i));
                      }
                      return out;
                    })
                .start();
        Client client = Client.connect(server.url())) {
      assertEquals(
          new Point(2, 3), client.call(Point.class, "mid", new Point(0, 0), new Point(4, 6)));
      assertEquals(
          List.of(new Point(0, 0), new Point(1, 1)),
          client.call(new TypeToken<List<Point>>() {}, "line", 2));
      List<MethodResponse> batch =
          client.multicall(
              List.of(
                  MethodCall.of("mid", point(0, 0), point(2, 2)),
                  MethodCall.of("mid", point(0, 0), "nope")));
      assertEquals(
          new Point(1, 1),
          client
              .typeMapping()
              .fromWire(((MethodResponse.Success) batch.get(0)).value(), Point.class));
      assertEquals(
          "params[1]: expected struct Point, got string \"nope\"",
          batch.get(1).asFault().orElseThrow().message());
    }
  }

  @Test
  void adaptersMapCustomTypesOnBothSides() {
    Invoice invoice =
        new Invoice(
            UUID.fromString("123e4567-e89b-12d3-a456-426614174000"),
            new Money(new BigDecimal("10.50"), Currency.getInstance("EUR")),
            List.of(new Money(new BigDecimal("10.50"), Currency.getInstance("EUR"))));
    interface Invoices {
      Invoice echo(Invoice invoice);

      UUID id(Invoice invoice);
    }
    try (RpcServer server =
            TypedFixtures.server()
                .typeMapping(TypedFixtures.withAdapters())
                .addMethod("echo", Invoice.class, i -> i)
                .addMethod("id", Invoice.class, Invoice::id)
                .start();
        Client plain = Client.connect(server.url());
        Client client = plain.withTypeMapping(TypedFixtures.withAdapters())) {
      Invoices api = client.proxy(Invoices.class);
      assertEquals(invoice, api.echo(invoice));
      assertEquals(invoice.id(), api.id(invoice));
      Object wire = plain.call("echo", client.typeMapping().toWire(invoice));
      assertEquals(
          Map.of(
              "id", "123e4567-e89b-12d3-a456-426614174000",
              "total", Map.of("amount", "10.50", "currency", "EUR"),
              "lines", List.of(Map.of("amount", "10.50", "currency", "EUR"))),
          wire);
      Map<String, Object> bad = new LinkedHashMap<>();
      bad.put("id", "not-a-uuid");
      bad.put("total", Map.of("amount", "1", "currency", "EUR"));
      bad.put("lines", List.of());
      RpcFault fault = assertThrows(RpcFault.class, () -> plain.call("id", bad));
      assertTrue(
          fault.faultString().startsWith("params[0].id: expected UUID (string), got string"),
          fault.faultString());
      assertEquals(
          "struct Invoice {id: string (UUID by adapter), total: struct (Money by adapter),"
              + " lines: array of struct (Money by adapter)}",
          client.typeMapping().describe(Invoice.class));
    }
  }

  @Test
  void introspectionDerivesSignaturesForEveryRegistrationStyle() {
    try (RpcServer server =
            TypedFixtures.server()
                .addObject("shapes", new Shapes())
                .addMethod("mid", Point.class, Point.class, (a, b) -> a)
                .addFunction("midpoint", Point.class, Point.class, Point.class, (a, b) -> a)
                .addFunction(
                    "line",
                    new TypeToken<List<Point>>() {}.getType(),
                    Integer.class,
                    n -> List.of())
                .addMethod("sized", List.class, l -> l.size())
                .addVarargs("sum", Integer.class, l -> l.size())
                .addMethod("untyped", "Says hi.", List.of("string"), params -> "hi")
                .start();
        Client client = Client.connect(server.url())) {
      assertEquals(
          List.of(List.of("struct", "struct")),
          client.call("system.methodSignature", "shapes.echo"));
      assertEquals(
          List.of(List.of("array", "array")),
          client.call("system.methodSignature", "shapes.reverse"));
      assertEquals(
          List.of(List.of("struct", "struct")),
          client.call("system.methodSignature", "shapes.colors"));
      assertEquals(
          List.of(List.of("int", "int")), client.call("system.methodSignature", "shapes.small"));
      assertEquals(
          List.of(List.of("any", "struct", "struct")),
          client.call("system.methodSignature", "mid"));
      assertEquals(
          List.of(List.of("any", "array")), client.call("system.methodSignature", "sized"));
      assertEquals(
          List.of(List.of("struct", "struct", "struct")),
          client.call("system.methodSignature", "midpoint"));
      assertEquals(List.of(List.of("array", "int")), client.call("system.methodSignature", "line"));
      assertEquals("undef", client.call("system.methodSignature", "sum"));
      assertEquals(List.of(List.of("string")), client.call("system.methodSignature", "untyped"));
      assertEquals(
          "Returns the value it was given.", client.call("system.methodHelp", "shapes.echo"));
      assertEquals("Says hi.", client.call("system.methodHelp", "untyped"));
    }
  }

  @Test
  void describeShowsTheWholeMappingOfAType() {
    assertEquals(
        "struct Shape {name: string, points: array of struct Point {x: int, y: int},"
            + " note?: string or nil, color: string (one of [RED, GREEN, dark-blue]),"
            + " line-width: double, layer?: int}",
        TypeMapping.defaults().describe(Shape.class));
  }

  @Test
  void registrationRefusesTypesWithoutAForm() {
    record Holder(Thread thread) {}
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TypedFixtures.server().addMethod("h", Holder.class, h -> 1));
    assertTrue(
        e.getMessage().contains("Holder.thread: no XML-RPC form for java.lang.Thread"),
        e.getMessage());
  }

  private static void assertFault(String message, Runnable call) {
    RpcFault fault = assertThrows(RpcFault.class, call::run);
    assertEquals(FaultCodes.INVALID_PARAMS, fault.code(), fault::faultString);
    assertEquals(message, fault.faultString());
  }
}
