package io.capas.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.capas.rpc.TypedFixtures.Point;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link TypeMapping}'s settings and resolution, without a network (issue 15). */
class TypeMappingTest {
  private static final Instant NOON_UTC = Instant.parse("2026-07-01T12:00:00Z");

  @Test
  void zonedValuesAreWrittenInUtcWithAZByDefault() {
    TypeMapping m = TypeMapping.defaults();
    OffsetDateTime utc = OffsetDateTime.of(2026, 7, 1, 12, 0, 0, 0, ZoneOffset.UTC);
    assertEquals(utc, m.toWire(NOON_UTC));
    assertEquals(utc, m.toWire(NOON_UTC.atOffset(ZoneOffset.ofHours(2))));
    assertEquals(utc, m.toWire(NOON_UTC.atZone(ZoneId.of("Asia/Tokyo"))));
    LocalDateTime wall = LocalDateTime.of(2026, 7, 1, 12, 0);
    assertEquals(NOON_UTC, m.fromWire(wall, Instant.class));
    assertEquals(utc, m.fromWire(wall, OffsetDateTime.class));
    assertEquals(NOON_UTC.atZone(ZoneOffset.UTC), m.fromWire(wall, ZonedDateTime.class));
  }

  @Test
  void theZonelessPolicyWritesAndReadsWallTimeInItsZone() {
    ZoneId madrid = ZoneId.of("Europe/Madrid");
    TypeMapping m = TypeMapping.builder().zoneless(madrid).build();
    LocalDateTime wall = LocalDateTime.of(2026, 7, 1, 14, 0); // CEST, UTC+2
    assertEquals(wall, m.toWire(NOON_UTC));
    assertEquals(NOON_UTC, m.fromWire(wall, Instant.class));
    assertEquals(NOON_UTC.atZone(madrid), m.fromWire(wall, ZonedDateTime.class));
  }

  @Test
  void aLocalDateIsMidnight() {
    TypeMapping m = TypeMapping.defaults();
    assertEquals(LocalDateTime.of(2026, 12, 5, 0, 0), m.toWire(LocalDate.of(2026, 12, 5)));
    assertEquals(
        LocalDate.of(2026, 12, 5),
        m.fromWire(LocalDateTime.of(2026, 12, 5, 0, 0), LocalDate.class));
  }

  @Test
  void longsMayBeWrittenAsI4WhenTheyFit() {
    TypeMapping m = TypeMapping.builder().longsAsI4WhenTheyFit(true).build();
    assertEquals(5, m.toWire(5L));
    assertEquals(1L << 40, m.toWire(1L << 40));
    assertEquals(5L, TypeMapping.defaults().toWire(5L));
    assertEquals(List.of(5), m.toWire(List.of(5L)));
  }

  /** A class from Apache XML-RPC days: getters, setters, a no-arg constructor. */
  public static final class LegacyPoint {
    private int x;
    private String label = "";

    public int getX() {
      return x;
    }

    public void setX(int x) {
      this.x = x;
    }

    public String getLabel() {
      return label;
    }

    public void setLabel(String label) {
      this.label = label;
    }
  }

  @Test
  void javaBeansAreStructsOnlyWhenOptedIn() {
    LegacyPoint p = new LegacyPoint();
    p.setX(3);
    p.setLabel("a");
    assertThrows(ValueConversionException.class, () -> TypeMapping.defaults().toWire(p));
    TypeMapping m = TypeMapping.builder().javaBean(LegacyPoint.class).build();
    assertEquals(Map.of("label", "a", "x", 3), m.toWire(p));
    LegacyPoint back = (LegacyPoint) m.fromWire(Map.of("x", 4), LegacyPoint.class);
    assertEquals(4, back.getX());
    assertEquals("", back.getLabel()); // a missing property is left as constructed
    assertEquals("struct LegacyPoint {label?: string, x?: int}", m.describe(LegacyPoint.class));
  }

  record Tree(String name, List<Tree> children, Optional<Tree> parentHint) {}

  @Test
  void aRecordMayContainItself() {
    Tree leaf = new Tree("leaf", List.of(), Optional.empty());
    Tree root = new Tree("root", List.of(leaf), Optional.of(leaf));
    TypeMapping m = TypeMapping.defaults();
    assertEquals(root, m.fromWire(m.toWire(root), Tree.class));
    assertEquals(
        "struct Tree {name: string, children: array of struct Tree,"
            + " parentHint?: struct Tree or nil}",
        m.describe(Tree.class));
  }

  @Test
  void eachTypeIsResolvedOnce() {
    TypeMapping m = TypeMapping.builder().build();
    assertSame(m.converter(Point.class), m.converter(Point.class));
    assertEquals(new Point(1, 2), m.fromWire(Map.of("x", 1, "y", 2), Point.class));
  }

  record Checked(int positive) {
    Checked {
      if (positive <= 0) {
        throw new IllegalArgumentException("positive must be > 0: " + positive);
      }
    }
  }

  @Test
  void aCompactConstructorThatRefusesIsAConversionError() {
    ValueConversionException e =
        assertThrows(
            ValueConversionException.class,
            () ->
                TypeMapping.defaults()
                    .fromWire(
                        List.of(Map.of("positive", 0)),
                        new com.google.common.reflect.TypeToken<List<Checked>>() {}.getType()));
    assertEquals("[0]: invalid Checked: positive must be > 0: 0", e.getMessage());
  }

  @Test
  void numbersOutOfRangeAndNullPrimitivesAreRefused() {
    TypeMapping m = TypeMapping.defaults();
    assertEquals(
        "expected short, got int 40000",
        assertThrows(ValueConversionException.class, () -> m.fromWire(40000, short.class))
            .getMessage());
    assertEquals(
        "expected int, got nil",
        assertThrows(ValueConversionException.class, () -> m.fromWire(null, int.class))
            .getMessage());
    assertEquals(null, m.fromWire(null, Integer.class));
    assertEquals(
        "expected decimal string, got string \"1.2.3\"",
        assertThrows(
                ValueConversionException.class,
                () -> m.fromWire("1.2.3", java.math.BigDecimal.class))
            .getMessage());
  }
}
