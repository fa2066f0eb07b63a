package io.capas.rpc;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import java.lang.reflect.Array;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * How Java types map to XML-RPC values, both ways: the plain types, records and (opt-in) JavaBeans
 * as structs, enums as strings, {@code Optional}, {@code java.time}, big numbers, binary,
 * collections and maps with their generic element types, and {@link TypeAdapter}s for anything
 * else. The table is in the package documentation.
 *
 * <p>Each {@link Type} is resolved once (its record components, accessors, constructor and element
 * converters) and cached, so a call pays only for the values it converts. A server uses one mapping
 * ({@link RpcServer#typeMapping}), a client another ({@link Client#withTypeMapping}); {@link
 * #defaults()} is what both use unless told.
 *
 * <pre>{@code
 * TypeMapping mapping = TypeMapping.builder()
 *     .adapter(TypeAdapter.of(UUID.class, "string", UUID::toString, w -> UUID.fromString((String) w)))
 *     .zoneless(ZoneId.of("Europe/Madrid"))
 *     .build();
 * Object wire = mapping.toWire(new Point(1, 2));          // {x=1, y=2}
 * Point p = (Point) mapping.fromWire(wire, Point.class);
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class TypeMapping {
  /** How deep {@link #toWire} follows nested values: a cycle fails instead of overflowing. */
  static final int MAX_WIRE_DEPTH = 512;

  private static final TypeMapping DEFAULTS = builder().build();

  private final ImmutableList<TypeAdapter<?>> adapters;
  private final ImmutableSet<Class<?>> javaBeans;
  private final @Nullable ZoneId zoneless;
  private final boolean longsAsI4;
  private final boolean rejectUnknownMembers;
  private final boolean apacheBigNumbers;
  private final Map<Type, Converter> cache = new ConcurrentHashMap<>();
  final Converter dynamic;

  private TypeMapping(Builder b) {
    this.adapters = b.adapters.build();
    this.javaBeans = b.javaBeans.build();
    this.zoneless = b.zoneless;
    this.longsAsI4 = b.longsAsI4;
    this.rejectUnknownMembers = b.rejectUnknownMembers;
    this.apacheBigNumbers = b.apacheBigNumbers;
    this.dynamic = new Converters.Dynamic(this);
  }

  /** The default mapping: no adapters, no JavaBeans, UTC with a {@code Z}, {@code i8} for longs. */
  public static TypeMapping defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The wire form of {@code value} (what the codec writes), chosen by its runtime class.
   *
   * @throws ValueConversionException the value (or a value inside it) has no XML-RPC form, or it
   *     nests deeper than 512 levels (a collection that contains itself)
   */
  public @Nullable Object toWire(@Nullable Object value) {
    return value == null ? null : dynamic.toWire(value, 0);
  }

  /**
   * {@code wire} (a value as the codec read it) as a {@code type}; {@code type} may be generic
   * ({@code List<Point>}, from a method signature or a {@code TypeToken}).
   *
   * @throws ValueConversionException it does not fit, with the path of the mismatch
   * @throws IllegalArgumentException {@code type} has no XML-RPC form
   */
  public @Nullable Object fromWire(@Nullable Object wire, Type type) {
    return converter(type).fromWire(wire);
  }

  /** The XML-RPC type name of {@code type} for {@code system.methodSignature}. */
  public String xmlRpcType(Type type) {
    Class<?> raw = rawClass(type);
    if (raw == void.class || raw == Void.class) {
      return "nil";
    }
    return isSupported(type) ? converter(type).xmlRpcType() : "any";
  }

  /**
   * The whole mapping of {@code type} in one line, for docs and errors: {@code struct Order {id:
   * string, points: array of struct Point {x: int, y: int}}}.
   */
  public String describe(Type type) {
    return converter(type).describe(new HashSet<>());
  }

  /** Whether {@code type} has an XML-RPC form here (checked when registering and proxying). */
  public boolean isSupported(Type type) {
    try {
      converter(type);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * The converter of {@code type}, resolved on first use and cached.
   *
   * @throws IllegalArgumentException {@code type} has no XML-RPC form
   */
  Converter converter(Type type) {
    Converter known = cache.get(type);
    if (known != null) {
      return known;
    }
    // Not computeIfAbsent: resolving a record resolves its components, which may recurse here.
    Converter resolved = Converters.resolve(this, type);
    Converter raced = cache.putIfAbsent(type, resolved);
    if (raced != null) {
      return raced;
    }
    if (resolved instanceof StructConverter struct) {
      try {
        struct.check(); // its member types, now that it is cached (a record may contain itself)
      } catch (IllegalArgumentException e) {
        cache.remove(type, resolved);
        throw e;
      }
    }
    return resolved;
  }

  /** The adapter for values of {@code type}, the first registered that handles it. */
  @Nullable TypeAdapter<?> adapterFor(Class<?> type) {
    for (TypeAdapter<?> adapter : adapters) {
      if (adapter.type() == type) {
        return adapter;
      }
    }
    for (TypeAdapter<?> adapter : adapters) {
      if (adapter.type().isAssignableFrom(type)) {
        return adapter;
      }
    }
    return null;
  }

  boolean hasAdapters() {
    return !adapters.isEmpty();
  }

  boolean isJavaBean(Class<?> type) {
    return javaBeans.contains(type);
  }

  boolean longsAsI4() {
    return longsAsI4;
  }

  boolean rejectUnknownMembers() {
    return rejectUnknownMembers;
  }

  boolean apacheBigNumbers() {
    return apacheBigNumbers;
  }

  /** The zone of zone-less date-times: UTC unless {@link Builder#zoneless} chose one. */
  ZoneId zone() {
    return zoneless == null ? ZoneOffset.UTC : zoneless;
  }

  /** Whether zoned values are written without a zone (in {@link #zone()}) rather than as UTC+Z. */
  boolean writesZoneless() {
    return zoneless != null;
  }

  static Class<?> rawClass(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType p) {
      return (Class<?>) p.getRawType();
    }
    if (type instanceof WildcardType w) {
      return rawClass(w.getUpperBounds()[0]);
    }
    if (type instanceof GenericArrayType g) {
      return Array.newInstance(rawClass(g.getGenericComponentType()), 0).getClass();
    }
    if (type instanceof TypeVariable<?> v) {
      return rawClass(v.getBounds()[0]);
    }
    return Object.class;
  }

  /** The XML-RPC type name of a wire value, and the value itself when short, for messages. */
  static String describeValue(@Nullable Object value) {
    return switch (value) {
      case null -> "nil";
      case String s -> "string \"" + (s.length() <= 40 ? s : s.substring(0, 40) + "...") + "\"";
      case Integer i -> "int " + i;
      case Long l -> "i8 " + l;
      case Double d -> "double " + d;
      case Boolean b -> "boolean " + b;
      case LocalDateTime t -> "dateTime.iso8601 " + t;
      case OffsetDateTime t -> "dateTime.iso8601 " + t;
      case byte[] b -> "base64 (" + b.length + " bytes)";
      case BigDecimal d -> "ex:bigdecimal " + d;
      case BigInteger i -> "ex:biginteger " + i;
      case List<?> l -> "array";
      case Map<?, ?> m -> "struct";
      default -> value.getClass().getSimpleName();
    };
  }

  /** Settings of a {@link TypeMapping}. Not thread-safe. */
  public static final class Builder {
    private final ImmutableList.Builder<TypeAdapter<?>> adapters = ImmutableList.builder();
    private final ImmutableSet.Builder<Class<?>> javaBeans = ImmutableSet.builder();
    private @Nullable ZoneId zoneless;
    private boolean longsAsI4;
    private boolean rejectUnknownMembers;
    private boolean apacheBigNumbers;

    private Builder() {}

    /** Maps {@code adapter.type()} with {@code adapter}, before the built-in mapping. */
    public Builder adapter(TypeAdapter<?> adapter) {
      adapters.add(adapter);
      return this;
    }

    /**
     * Maps {@code type} as a JavaBean (public no-arg constructor, getters and setters) to a struct
     * of its properties, as Apache XML-RPC users may expect. Opt-in per class: nothing else is ever
     * instantiated by reflection.
     */
    public Builder javaBean(Class<?> type) {
      checkArgument(!type.isRecord() && !type.isInterface(), "not a JavaBean class: %s", type);
      javaBeans.add(type);
      return this;
    }

    /**
     * The zone policy of {@code Instant}, {@code OffsetDateTime} and {@code ZonedDateTime}: written
     * as the spec's zone-less dateTime in {@code zone}, and zone-less values read in it. The
     * default writes UTC with a {@code Z} suffix and reads zone-less values as UTC. A received
     * value with a {@code Z} or an offset names its instant exactly under either policy.
     *
     * <p>Python's {@code xmlrpc} with {@code use_builtin_types=True} cannot parse the {@code Z}
     * form (its {@code strptime} pattern has no zone): for such peers use {@code
     * zoneless(ZoneOffset.UTC)}.
     */
    public Builder zoneless(ZoneId zone) {
      this.zoneless = zone;
      return this;
    }

    /**
     * Writes a {@code long} that fits in 32 bits as {@code <int>}, for peers without {@code i8}
     * (longs outside still need {@code i8}).
     */
    public Builder longsAsI4WhenTheyFit(boolean enabled) {
      this.longsAsI4 = enabled;
      return this;
    }

    /** Refuses a struct with a member the record does not have (default: ignored). */
    public Builder rejectUnknownMembers(boolean enabled) {
      this.rejectUnknownMembers = enabled;
      return this;
    }

    /**
     * Writes {@code BigDecimal} and {@code BigInteger} as Apache XML-RPC's {@code ex:bigdecimal}
     * and {@code ex:biginteger} (for Apache peers with extensions enabled) instead of strings. Both
     * forms are always read.
     */
    public Builder apacheBigNumbers(boolean enabled) {
      this.apacheBigNumbers = enabled;
      return this;
    }

    public TypeMapping build() {
      return new TypeMapping(this);
    }
  }
}
