package io.capas.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.common.reflect.TypeToken;
import io.capas.rpc.TypeMappingTest.LegacyPoint;
import io.capas.rpc.TypedFixtures.Point;
import io.capas.xmlrpc.FaultCodes;
import io.capas.xmlrpc.MethodCallReader;
import io.capas.xmlrpc.XmlRpcException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The edges of issue 15 left by the first pass: received zones kept under every zone policy, dates
 * alone, JavaBeans over the network, typed multicalls, generic records and varargs fault paths.
 */
class TypedEdgesTest {
  private static final ZoneId MADRID = ZoneId.of("Europe/Madrid");
  private static final Instant NOON_UTC = Instant.parse("2026-07-01T12:00:00Z");

  /** The first parameter of a call document, as the codec reads it. */
  private static @Nullable Object wire(String value) throws XmlRpcException {
    String doc =
        "<methodCall><methodName>m</methodName><params><param><value>"
            + value
            + "</value></param></params></methodCall>";
    return MethodCallReader.create().read(doc.getBytes(StandardCharsets.UTF_8)).params().get(0);
  }

  @Test
  void aReceivedZoneIsExactWhateverTheZonePolicy() throws XmlRpcException {
    TypeMapping madrid = TypeMapping.builder().zoneless(MADRID).build();
    for (TypeMapping m : List.of(TypeMapping.defaults(), madrid)) {
      Object z = wire("<dateTime.iso8601>20260701T12:00:00Z</dateTime.iso8601>");
      assertEquals(NOON_UTC, m.fromWire(z, Instant.class));
      Object tokyo = wire("<dateTime.iso8601>2026-07-01T21:00:00+09:00</dateTime.iso8601>");
      assertEquals(NOON_UTC, m.fromWire(tokyo, Instant.class));
      assertEquals(
          OffsetDateTime.of(2026, 7, 1, 21, 0, 0, 0, ZoneOffset.ofHours(9)),
          m.fromWire(tokyo, OffsetDateTime.class));
      assertEquals(NOON_UTC, ((ZonedDateTime) m.fromWire(tokyo, ZonedDateTime.class)).toInstant());
    }
    // Zone-less values are wall time in the policy's zone (CEST is UTC+2).
    Object wall = wire("<dateTime.iso8601>20260701T14:00:00</dateTime.iso8601>");
    assertEquals(NOON_UTC, madrid.fromWire(wall, Instant.class));
    assertEquals(NOON_UTC.plusSeconds(7200), TypeMapping.defaults().fromWire(wall, Instant.class));
    // A LocalDateTime target sees a zoned value in the policy's zone.
    Object z = wire("<dateTime.iso8601>20260701T12:00:00Z</dateTime.iso8601>");
    assertEquals(LocalDateTime.of(2026, 7, 1, 14, 0), madrid.fromWire(z, LocalDateTime.class));
  }

  interface Clock {
    @XmlRpcMethod(name = "clock.echo")
    Instant echo(Instant instant);

    @XmlRpcMethod(name = "clock.text")
    String text(Instant instant);
  }

  public static final class ClockImpl {
    @XmlRpcMethod
    public Instant echo(Instant instant) {
      return instant;
    }

    @XmlRpcMethod
    public String text(Instant instant) {
      return instant.toString();
    }
  }

  @Test
  void instantsRoundTripBetweenPeersOfAnyZonePolicy() {
    TypeMapping madrid = TypeMapping.builder().zoneless(MADRID).build();
    try (RpcServer zoneless =
            TypedFixtures.server().typeMapping(madrid).addObject("clock", new ClockImpl()).start();
        RpcServer utc = TypedFixtures.server().addObject("clock", new ClockImpl()).start();
        Client zClient = Client.connect(zoneless.url());
        Client madridClient = Client.connect(zoneless.url()).withTypeMapping(madrid);
        Client plainToUtc = Client.connect(utc.url())) {
      // A Z sent to a zone-less(Madrid) server names the instant, not Madrid wall time.
      assertEquals(NOON_UTC.toString(), zClient.proxy(Clock.class).text(NOON_UTC));
      assertEquals(NOON_UTC, madridClient.proxy(Clock.class).echo(NOON_UTC));
      // The UTC server's answer keeps its Z on the wire; a zone-less(Madrid) mapping reads it
      // exactly too. (Zone-less values themselves need both peers to agree on the zone.)
      Object answer = plainToUtc.call("clock.echo", NOON_UTC);
      assertEquals(OffsetDateTime.of(2026, 7, 1, 12, 0, 0, 0, ZoneOffset.UTC), answer);
      assertEquals(NOON_UTC, madrid.fromWire(answer, Instant.class));
    }
  }

  @Test
  void aLocalDateAcceptsADateAloneAndRefusesAnotherTime() throws XmlRpcException {
    TypeMapping m = TypeMapping.defaults();
    assertEquals(
        LocalDate.of(2026, 12, 5),
        m.fromWire(wire("<dateTime.iso8601>20261205</dateTime.iso8601>"), LocalDate.class));
    assertEquals(
        LocalDate.of(2026, 12, 5),
        m.fromWire(wire("<dateTime.iso8601>2026-12-05</dateTime.iso8601>"), LocalDate.class));
    assertEquals(
        LocalDate.of(2026, 12, 5),
        m.fromWire(
            wire("<dateTime.iso8601>20261205T00:00:00+05:00</dateTime.iso8601>"), LocalDate.class));
    try (RpcServer server =
            TypedFixtures.server()
                .addFunction(
                    "next", LocalDate.class, LocalDate.class, (LocalDate d) -> d.plusDays(1))
                .start();
        Client client = Client.connect(server.url())) {
      assertEquals(
          LocalDate.of(2026, 12, 6),
          client.call(LocalDate.class, "next", LocalDate.of(2026, 12, 5)));
      RpcFault fault =
          assertThrows(
              RpcFault.class, () -> client.call("next", LocalDateTime.of(2026, 12, 5, 10, 30)));
      assertEquals(FaultCodes.INVALID_PARAMS, fault.code());
      assertEquals(
          "params[0]: expected date (dateTime.iso8601 at midnight), got dateTime.iso8601"
              + " 2026-12-05T10:30",
          fault.faultString());
    }
  }

  interface Legacy {
    @XmlRpcMethod(name = "legacy.move")
    LegacyPoint move(LegacyPoint p, int dx);
  }

  public static final class LegacyImpl {
    @XmlRpcMethod
    public LegacyPoint move(LegacyPoint p, int dx) {
      LegacyPoint out = new LegacyPoint();
      out.setX(p.getX() + dx);
      out.setLabel(p.getLabel() + "+");
      return out;
    }
  }

  @Test
  void javaBeansTravelBetweenAServerAndAClient() {
    TypeMapping beans = TypeMapping.builder().javaBean(LegacyPoint.class).build();
    try (RpcServer server =
            TypedFixtures.server()
                .typeMapping(beans)
                .addObject("legacy", new LegacyImpl())
                .start();
        Client plain = Client.connect(server.url());
        Client client = plain.withTypeMapping(beans)) {
      LegacyPoint p = new LegacyPoint();
      p.setX(3);
      p.setLabel("a");
      LegacyPoint moved = client.proxy(Legacy.class).move(p, 4);
      assertEquals(7, moved.getX());
      assertEquals("a+", moved.getLabel());
      assertEquals(
          Map.of("label", "b+", "x", 2),
          plain.call("legacy.move", Map.of("x", 1, "label", "b"), 1));
      RpcFault fault =
          assertThrows(RpcFault.class, () -> plain.call("legacy.move", Map.of("x", "one"), 1));
      assertEquals("params[0].x: expected int, got string \"one\"", fault.faultString());
    }
  }

  @Test
  void aTypedMulticallConvertsEachResult() {
    try (RpcServer server =
            TypedFixtures.server()
                .addMethod(
                    "mid",
                    Point.class,
                    Point.class,
                    (a, b) -> new Point((a.x() + b.x()) / 2, (a.y() + b.y()) / 2))
                .addMethod("line", Integer.class, n -> List.of(new Point(n, n)))
                .addMethod("word", Integer.class, n -> "w" + n)
                .start();
        Client client = Client.connect(server.url())) {
      Multicall batch = client.multicall();
      Multicall.Result<Point> mid = batch.add(Point.class, "mid", new Point(0, 0), new Point(2, 4));
      Multicall.Result<List<Point>> line = batch.add(new TypeToken<List<Point>>() {}, "line", 3);
      Multicall.Result<Point> bad = batch.add(Point.class, "mid", new Point(0, 0), "nope");
      Multicall.Result<Point> unfit = batch.add(Point.class, "word", 1);
      assertThrows(IllegalStateException.class, mid::get);
      assertEquals(4, batch.size());
      batch.send();
      assertEquals(new Point(1, 2), mid.get());
      assertEquals(List.of(new Point(3, 3)), line.get());
      RpcFault fault = assertThrows(RpcFault.class, bad::get);
      assertEquals(FaultCodes.INVALID_PARAMS, fault.code());
      assertEquals("params[1]: expected struct Point, got string \"nope\"", fault.faultString());
      RpcException e = assertThrows(RpcException.class, unfit::get);
      assertEquals(RpcException.Kind.PROTOCOL, e.kind());
      ValueConversionException cause =
          assertInstanceOf(ValueConversionException.class, e.getCause());
      assertEquals("result", cause.path());
      assertThrows(IllegalStateException.class, batch::send);
      assertThrows(IllegalStateException.class, () -> batch.add(Point.class, "mid"));
    }
  }

  record Box<T>(T value) {}

  record Pair<A, B>(A first, List<B> rest) {}

  public static final class Boxes {
    @XmlRpcMethod
    public Box<Point> flip(Box<Point> box) {
      return new Box<>(new Point(box.value().y(), box.value().x()));
    }
  }

  interface BoxesApi {
    @XmlRpcMethod(name = "boxes.flip")
    Box<Point> flip(Box<Point> box);
  }

  @Test
  void genericRecordsResolveThroughTheirParameterizedType() {
    TypeMapping m = TypeMapping.defaults();
    assertEquals(
        new Box<>(new Point(1, 2)),
        m.fromWire(
            Map.of("value", Map.of("x", 1, "y", 2)), new TypeToken<Box<Point>>() {}.getType()));
    assertEquals(
        new Pair<>(new Point(1, 2), List.of(LocalDate.of(2026, 1, 1))),
        m.fromWire(
            Map.of(
                "first",
                Map.of("x", 1, "y", 2),
                "rest",
                List.of(LocalDateTime.of(2026, 1, 1, 0, 0))),
            new TypeToken<Pair<Point, LocalDate>>() {}.getType()));
    assertEquals(
        "struct Box {value: struct Point {x: int, y: int}}",
        m.describe(new TypeToken<Box<Point>>() {}.getType()));
    try (RpcServer server = TypedFixtures.server().addObject("boxes", new Boxes()).start();
        Client client = Client.connect(server.url())) {
      assertEquals(
          new Box<>(new Point(2, 1)),
          client.proxy(BoxesApi.class).flip(new Box<>(new Point(1, 2))));
      assertEquals(
          new Box<>(new Point(4, 3)),
          client.call(new TypeToken<Box<Point>>() {}, "boxes.flip", new Box<>(new Point(3, 4))));
      RpcFault fault =
          assertThrows(
              RpcFault.class, () -> client.call("boxes.flip", Map.of("value", Map.of("x", 1))));
      assertEquals("params[0].value: missing member \"y\" of struct Point", fault.faultString());
    }
  }

  public static final class Sums {
    @XmlRpcMethod
    public int sum(String label, int... values) {
      int s = 0;
      for (int v : values) {
        s += v;
      }
      return s;
    }

    @XmlRpcMethod
    public int count(Point... points) {
      return points.length;
    }
  }

  @Test
  void varargsFaultsNameTheParameterAsTheCallerSentIt() {
    try (RpcServer server = TypedFixtures.server().addObject("sums", new Sums()).start();
        Client client = Client.connect(server.url())) {
      assertEquals(6, client.call("sums.sum", "a", 1, 2, 3));
      assertEquals(0, client.call("sums.sum", "a"));
      assertEquals(2, client.call("sums.count", new Point(1, 1), new Point(2, 2)));
      assertFault(
          "params[3]: expected int, got string \"x\"",
          () -> client.call("sums.sum", "a", 1, 2, "x"));
      assertFault("params[1]: expected int, got nil", () -> client.call("sums.sum", "a", null));
      assertFault(
          "params[1].y: expected int, got string \"2\"",
          () -> client.call("sums.count", new Point(1, 1), Map.of("x", 1, "y", "2")));
    }
  }

  private static void assertFault(String message, Runnable call) {
    RpcFault fault = assertThrows(RpcFault.class, call::run);
    assertEquals(FaultCodes.INVALID_PARAMS, fault.code(), fault::faultString);
    assertEquals(message, fault.faultString());
  }
}
