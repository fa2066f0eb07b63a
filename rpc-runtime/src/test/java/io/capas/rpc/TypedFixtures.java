package io.capas.rpc;

import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.TcpTransport;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Domain types of the typed-value tests (issue 15), one per row of the mapping. */
final class TypedFixtures {
  private TypedFixtures() {}

  record Point(int x, int y) {}

  enum Color {
    RED,
    GREEN,
    @XmlRpcName("dark-blue")
    DARK_BLUE
  }

  record Shape(
      String name,
      List<Point> points,
      Optional<String> note,
      Color color,
      @XmlRpcName("line-width") double lineWidth,
      @XmlRpcDefault int layer) {}

  /** Every scalar and container row of the mapping (arrays are method parameters instead). */
  record Everything(
      int i,
      Integer boxed,
      long l,
      short s,
      byte b,
      float f,
      double d,
      boolean bool,
      char c,
      String str,
      BigDecimal decimal,
      BigInteger integer,
      ByteBuffer buffer,
      LocalDateTime localDateTime,
      LocalDate date,
      Instant instant,
      OffsetDateTime offsetDateTime,
      ZonedDateTime zonedDateTime,
      List<Point> list,
      Set<String> set,
      Collection<Integer> collection,
      Map<String, Point> map,
      Optional<Point> present,
      Optional<Point> absent,
      Color color) {}

  static Everything everything() {
    Map<String, Point> map = new LinkedHashMap<>();
    map.put("origin", new Point(0, 0));
    map.put("far", new Point(1000, -1000));
    return new Everything(
        42,
        -7,
        1L << 40,
        (short) -300,
        (byte) 120,
        1.5f,
        -2.25,
        true,
        'ñ',
        "á 日本 <&>",
        new BigDecimal("12345678901234567890.000000001"),
        new BigInteger("-98765432109876543210987654321"),
        ByteBuffer.wrap(new byte[] {0, 1, 2, (byte) 255}),
        LocalDateTime.of(1998, 7, 17, 14, 8, 55),
        LocalDate.of(2026, 12, 5),
        Instant.parse("2026-12-05T23:59:58Z"),
        OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC),
        ZonedDateTime.of(2026, 6, 7, 8, 9, 10, 0, ZoneOffset.UTC),
        List.of(new Point(1, 2), new Point(3, 4)),
        Set.of("a"),
        List.of(1, 2, 3),
        map,
        Optional.of(new Point(5, 6)),
        Optional.empty(),
        Color.DARK_BLUE);
  }

  /** A value class the built-in mapping does not know: mapped by an adapter to a struct. */
  static final class Money {
    final BigDecimal amount;
    final Currency currency;

    Money(BigDecimal amount, Currency currency) {
      this.amount = amount;
      this.currency = currency;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Money m && m.amount.equals(amount) && m.currency.equals(currency);
    }

    @Override
    public int hashCode() {
      return Objects.hash(amount, currency);
    }

    @Override
    public String toString() {
      return amount + " " + currency;
    }
  }

  record Invoice(UUID id, Money total, List<Money> lines) {}

  static final TypeAdapter<UUID> UUIDS =
      TypeAdapter.of(UUID.class, "string", UUID::toString, w -> UUID.fromString((String) w));

  static final TypeAdapter<Money> MONEY =
      TypeAdapter.of(
          Money.class,
          "struct",
          m -> Map.of("amount", m.amount.toPlainString(), "currency", m.currency.getCurrencyCode()),
          w -> {
            Map<?, ?> struct = (Map<?, ?>) w;
            return new Money(
                new BigDecimal((String) struct.get("amount")),
                Currency.getInstance((String) struct.get("currency")));
          });

  static TypeMapping withAdapters() {
    return TypeMapping.builder().adapter(UUIDS).adapter(MONEY).build();
  }

  /** The methods of the typed tests, as an {@code @XmlRpcMethod} object. */
  public static final class Shapes {
    @XmlRpcMethod(help = "Returns the value it was given.")
    public Everything echo(Everything value) {
      return value;
    }

    @XmlRpcMethod
    public Shape shape(Shape shape) {
      return shape;
    }

    @XmlRpcMethod
    public List<Point> reverse(List<Point> points) {
      return points.reversed();
    }

    @XmlRpcMethod
    public int[] doubled(int[] values) {
      int[] out = values.clone();
      for (int i = 0; i < out.length; i++) {
        out[i] *= 2;
      }
      return out;
    }

    @XmlRpcMethod
    public Point[] points(Point[] points) {
      return points;
    }

    @XmlRpcMethod
    public byte[] bytes(byte[] bytes) {
      return bytes;
    }

    @XmlRpcMethod
    public Map<String, Color> colors(Map<String, Color> colors) {
      return colors;
    }

    @XmlRpcMethod
    public Optional<Point> maybe(Optional<Point> point) {
      return point;
    }

    @XmlRpcMethod
    public byte small(byte b) {
      return b;
    }

    @XmlRpcMethod
    public int area(Point corner) {
      return corner.x() * corner.y();
    }
  }

  /** The typed proxy interface of {@link Shapes}. */
  interface ShapesApi {
    Everything echo(Everything value);

    Shape shape(Shape shape);

    List<Point> reverse(List<Point> points);

    int[] doubled(int[] values);

    Point[] points(Point[] points);

    byte[] bytes(byte[] bytes);

    Map<String, Color> colors(Map<String, Color> colors);

    Optional<Point> maybe(Optional<Point> point);

    byte small(byte b);

    int area(Point corner);
  }

  static RpcServer server() {
    return RpcServer.http(
        new TcpTransport(TcpConfig.defaults(), HostResolver.system()), Endpoint.of("127.0.0.1", 0));
  }
}
