package io.capas.rpc;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The scalar {@link Converter}s: numbers with their ranges, booleans, strings and chars, binary,
 * big numbers (strings or Apache's ex: forms) and {@code java.time} under the mapping's zone
 * policy.
 */
final class LeafConverters {
  /** The longest decimal string read as a {@code BigDecimal} or {@code BigInteger}. */
  static final int MAX_BIG_NUMBER_CHARS = 4096;

  private LeafConverters() {}

  /** Reads a wire value; returns null when it does not fit. */
  private interface Read {
    @Nullable Object apply(Object wire);
  }

  /** Writes a non-null Java value. */
  private interface Write {
    @Nullable Object apply(Object value);
  }

  /** A scalar: one XML-RPC type, read and written by two functions. */
  private record Leaf(String xmlRpcType, String expected, boolean primitive, Read read, Write write)
      implements Converter {
    @Override
    public @Nullable Object fromWire(@Nullable Object wire) {
      if (wire == null) {
        if (primitive) {
          throw Converters.mismatch(expected, null);
        }
        return null;
      }
      Object value = read.apply(wire);
      if (value == null) {
        throw Converters.mismatch(expected, wire);
      }
      return value;
    }

    @Override
    public @Nullable Object toWire(Object value, int depth) {
      return write.apply(value);
    }

    @Override
    public String describe(Set<Class<?>> seen) {
      return expected.equals(xmlRpcType) ? xmlRpcType : xmlRpcType + " (" + expected + ")";
    }
  }

  private static final Write SAME = v -> v;

  /** The scalar converter of {@code raw}, or null when it is not a scalar. */
  static @Nullable Converter leaf(TypeMapping m, Class<?> raw) {
    boolean p = raw.isPrimitive();
    if (raw == int.class || raw == Integer.class) {
      return new Leaf(
          "int",
          "int",
          p,
          w -> w instanceof Integer ? w : ranged(w, Integer.MIN_VALUE, Integer.MAX_VALUE),
          SAME);
    }
    if (raw == long.class || raw == Long.class) {
      return new Leaf(
          "i8",
          "i8",
          p,
          w -> w instanceof Integer i ? Long.valueOf(i) : w instanceof Long ? w : null,
          v ->
              m.longsAsI4() && (Long) v == ((Long) v).intValue()
                  ? (Object) ((Long) v).intValue()
                  : v);
    }
    if (raw == short.class || raw == Short.class) {
      return new Leaf(
          "int",
          "short",
          p,
          w -> {
            Integer i = ranged(w, Short.MIN_VALUE, Short.MAX_VALUE);
            return i == null ? null : i.shortValue();
          },
          v -> ((Short) v).intValue());
    }
    if (raw == byte.class || raw == Byte.class) {
      return new Leaf(
          "int",
          "byte",
          p,
          w -> {
            Integer i = ranged(w, Byte.MIN_VALUE, Byte.MAX_VALUE);
            return i == null ? null : i.byteValue();
          },
          v -> ((Byte) v).intValue());
    }
    if (raw == double.class || raw == Double.class) {
      // An int where a double is expected is widened, as Python and Apache clients send 2 for 2.0.
      return new Leaf(
          "double",
          "double",
          p,
          w -> w instanceof Double ? w : w instanceof Integer || w instanceof Long ? num(w) : null,
          SAME);
    }
    if (raw == float.class || raw == Float.class) {
      return new Leaf(
          "double",
          "float",
          p,
          w -> w instanceof Double || w instanceof Integer ? ((Number) w).floatValue() : null,
          v -> ((Float) v).doubleValue());
    }
    if (raw == boolean.class || raw == Boolean.class) {
      return new Leaf("boolean", "boolean", p, w -> w instanceof Boolean ? w : null, SAME);
    }
    if (raw == char.class || raw == Character.class) {
      return new Leaf(
          "string",
          "char",
          p,
          w -> w instanceof String s && s.length() == 1 ? s.charAt(0) : null,
          String::valueOf);
    }
    if (raw == String.class) {
      return new Leaf("string", "string", false, w -> w instanceof String ? w : null, SAME);
    }
    if (raw == byte[].class) {
      return new Leaf("base64", "base64", false, w -> w instanceof byte[] ? w : null, SAME);
    }
    if (raw == ByteBuffer.class) {
      return new Leaf(
          "base64",
          "base64",
          false,
          w -> w instanceof byte[] b ? ByteBuffer.wrap(b) : null,
          v -> {
            ByteBuffer b = ((ByteBuffer) v).duplicate();
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
          });
    }
    if (raw == BigDecimal.class) {
      return new Leaf(
          "string",
          "decimal string",
          false,
          LeafConverters::bigDecimal,
          v -> m.apacheBigNumbers() ? v : ((BigDecimal) v).toPlainString());
    }
    if (raw == BigInteger.class) {
      return new Leaf(
          "string",
          "integer string",
          false,
          LeafConverters::bigInteger,
          v -> m.apacheBigNumbers() ? v : v.toString());
    }
    return time(m, raw);
  }

  /**
   * {@code java.time}. A received value with a zone ({@code Z} or an offset: the codec reads it as
   * an {@code OffsetDateTime}) names an instant, kept exactly whatever the zone policy; a zone-less
   * one is wall time in the policy's zone. A {@code LocalDate} takes the received date as written
   * and must be at midnight (or a date alone): another time is a mismatch, not a truncation.
   */
  private static @Nullable Converter time(TypeMapping m, Class<?> raw) {
    String type = "dateTime.iso8601";
    if (raw == LocalDateTime.class) {
      return new Leaf(type, type, false, w -> local(m, w), SAME);
    }
    if (raw == LocalDate.class) {
      return new Leaf(
          type,
          "date (dateTime.iso8601 at midnight)",
          false,
          w -> {
            LocalDateTime t =
                w instanceof OffsetDateTime o
                    ? o.toLocalDateTime()
                    : w instanceof LocalDateTime l ? l : null;
            return t == null || !t.toLocalTime().equals(LocalTime.MIDNIGHT)
                ? null
                : t.toLocalDate();
          },
          v -> ((LocalDate) v).atStartOfDay());
    }
    if (raw == Instant.class) {
      return new Leaf(
          type,
          type,
          false,
          w -> {
            OffsetDateTime t = offset(m, w);
            return t == null ? null : t.toInstant();
          },
          v -> zoned(m, (Instant) v));
    }
    if (raw == OffsetDateTime.class) {
      return new Leaf(
          type, type, false, w -> offset(m, w), v -> zoned(m, ((OffsetDateTime) v).toInstant()));
    }
    if (raw == ZonedDateTime.class) {
      return new Leaf(
          type,
          type,
          false,
          w ->
              w instanceof OffsetDateTime t
                  ? t.toZonedDateTime()
                  : w instanceof LocalDateTime t ? t.atZone(m.zone()) : null,
          v -> zoned(m, ((ZonedDateTime) v).toInstant()));
    }
    return null;
  }

  /** A received date-time as wall time in the mapping's zone. */
  private static @Nullable LocalDateTime local(TypeMapping m, Object wire) {
    if (wire instanceof LocalDateTime t) {
      return t;
    }
    if (wire instanceof OffsetDateTime t) {
      return t.atZoneSameInstant(m.zone()).toLocalDateTime();
    }
    return null;
  }

  /**
   * A received date-time with its offset: as received, or a zone-less one in the mapping's zone.
   */
  private static @Nullable OffsetDateTime offset(TypeMapping m, Object wire) {
    if (wire instanceof OffsetDateTime t) {
      return t;
    }
    if (wire instanceof LocalDateTime t) {
      return t.atZone(m.zone()).toOffsetDateTime();
    }
    return null;
  }

  /** An instant as the zone policy writes it: UTC with a Z (OffsetDateTime), or zone-less. */
  private static Object zoned(TypeMapping m, Instant instant) {
    return m.writesZoneless()
        ? LocalDateTime.ofInstant(instant, m.zone())
        : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  private static @Nullable Integer ranged(Object wire, int min, int max) {
    long v;
    if (wire instanceof Integer i) {
      v = i;
    } else if (wire instanceof Long l) {
      v = l;
    } else {
      return null;
    }
    return v >= min && v <= max ? (int) v : null;
  }

  private static Double num(Object wire) {
    return ((Number) wire).doubleValue();
  }

  private static @Nullable BigDecimal bigDecimal(Object wire) {
    if (wire instanceof BigDecimal d) {
      return d;
    }
    if (wire instanceof Integer || wire instanceof Long) {
      return BigDecimal.valueOf(((Number) wire).longValue());
    }
    if (wire instanceof Double d) {
      return BigDecimal.valueOf(d);
    }
    if (wire instanceof String s && s.length() <= MAX_BIG_NUMBER_CHARS) {
      try {
        return new BigDecimal(s.strip());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  private static @Nullable BigInteger bigInteger(Object wire) {
    if (wire instanceof BigInteger i) {
      return i;
    }
    if (wire instanceof Integer || wire instanceof Long) {
      return BigInteger.valueOf(((Number) wire).longValue());
    }
    if (wire instanceof String s && s.length() <= MAX_BIG_NUMBER_CHARS) {
      try {
        return new BigInteger(s.strip());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }
}
