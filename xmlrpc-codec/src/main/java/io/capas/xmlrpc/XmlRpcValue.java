package io.capas.xmlrpc;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An XML-RPC value in the typed model, for callers that need the exact wire type.
 *
 * <p>The plain Java mapping, used by {@link MethodCall}, {@link MethodResponse} and the readers and
 * writers, corresponds one to one:
 *
 * <pre>
 *   &lt;int&gt;/&lt;i4&gt;        Int       Integer
 *   &lt;i8&gt;/&lt;ex:i8&gt;      I8        Long
 *   &lt;boolean&gt;         Bool      Boolean
 *   &lt;string&gt;/untyped  Str       String
 *   &lt;double&gt;          Dbl       Double
 *   &lt;dateTime.iso8601&gt; DateTime LocalDateTime
 *   &lt;base64&gt;          Base64    byte[]
 *   &lt;struct&gt;          Struct    Map&lt;String, Object&gt; (insertion order kept)
 *   &lt;array&gt;           Array     List&lt;Object&gt;
 *   &lt;nil/&gt;/&lt;ex:nil/&gt;  Nil       null
 * </pre>
 *
 * <p>{@link #of(Object)} and {@link #toJava()} convert between the two without loss. Nothing is
 * ever deserialized as a Java object: there is no value type for Apache's {@code ex:serializable}.
 *
 * <p>All implementations are immutable and thread-safe ({@link Base64} copies its bytes).
 */
public sealed interface XmlRpcValue {

  /** The plain Java mapping of this value (fresh mutable collections for Struct and Array). */
  @Nullable Object toJava();

  /**
   * The typed value of a plain Java value; an {@code XmlRpcValue} is returned as is.
   *
   * @throws UnencodableValueException for an unsupported type, a map key that is not a String, or a
   *     non-finite double
   */
  static XmlRpcValue of(@Nullable Object javaValue) {
    return switch (javaValue) {
      case null -> Nil.INSTANCE;
      case XmlRpcValue v -> v;
      case Integer i -> new Int(i);
      case Long l -> new I8(l);
      case Boolean b -> new Bool(b);
      case String s -> new Str(s);
      case Double d -> {
        if (!Double.isFinite(d)) {
          throw new UnencodableValueException("XML-RPC has no " + d);
        }
        yield new Dbl(d);
      }
      case LocalDateTime t -> new DateTime(t);
      case byte[] b -> new Base64(b);
      case Map<?, ?> m -> {
        ImmutableMap.Builder<String, XmlRpcValue> b =
            ImmutableMap.builderWithExpectedSize(m.size());
        for (Map.Entry<?, ?> e : m.entrySet()) {
          if (!(e.getKey() instanceof String key)) {
            throw new UnencodableValueException(
                "struct member name is not a String: " + e.getKey());
          }
          b.put(key, of(e.getValue()));
        }
        yield new Struct(b.buildOrThrow());
      }
      case List<?> l -> {
        ImmutableList.Builder<XmlRpcValue> b = ImmutableList.builderWithExpectedSize(l.size());
        for (Object o : l) {
          b.add(of(o));
        }
        yield new Array(b.build());
      }
      default ->
          throw new UnencodableValueException(
              "no XML-RPC type for " + javaValue.getClass().getName());
    };
  }

  /** {@code <int>} or {@code <i4>}: a 32-bit signed integer. */
  record Int(int value) implements XmlRpcValue {
    @Override
    public Integer toJava() {
      return value;
    }
  }

  /** {@code <i8>} (or Apache's {@code <ex:i8>}): a 64-bit signed integer. */
  record I8(long value) implements XmlRpcValue {
    @Override
    public Long toJava() {
      return value;
    }
  }

  /** {@code <boolean>}: 0 or 1 on the wire. */
  record Bool(boolean value) implements XmlRpcValue {
    @Override
    public Boolean toJava() {
      return value;
    }
  }

  /** {@code <string>} or untyped text in {@code <value>}. */
  record Str(String value) implements XmlRpcValue {
    public Str {
      checkNotNull(value, "value");
    }

    @Override
    public String toJava() {
      return value;
    }
  }

  /** {@code <double>}: finite only (XML-RPC has no NaN or infinity). */
  record Dbl(double value) implements XmlRpcValue {
    public Dbl {
      checkArgument(Double.isFinite(value), "XML-RPC has no %s", value);
    }

    @Override
    public Double toJava() {
      return value;
    }
  }

  /**
   * {@code <dateTime.iso8601>}: wall-clock fields without a zone (see {@link MethodCallReader} for
   * the zone rule).
   */
  record DateTime(LocalDateTime value) implements XmlRpcValue {
    public DateTime {
      checkNotNull(value, "value");
    }

    @Override
    public LocalDateTime toJava() {
      return value;
    }
  }

  /** {@code <base64>}: bytes; equality compares contents. */
  // An array on purpose: the bytes are copied in and out, and equals/hashCode compare contents.
  record Base64(@SuppressWarnings("ArrayRecordComponent") byte[] value) implements XmlRpcValue {
    public Base64 {
      value = value.clone();
    }

    /** A copy of the bytes. */
    @Override
    public byte[] value() {
      return value.clone();
    }

    @Override
    public byte[] toJava() {
      return value.clone();
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof Base64 other && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return "Base64[" + java.util.Base64.getEncoder().encodeToString(value) + "]";
    }
  }

  /** {@code <struct>}: members in insertion order, names unique. */
  record Struct(ImmutableMap<String, XmlRpcValue> members) implements XmlRpcValue {
    public Struct(Map<String, XmlRpcValue> members) {
      this(ImmutableMap.copyOf(members));
    }

    @Override
    public Map<String, @Nullable Object> toJava() {
      Map<String, @Nullable Object> out = new LinkedHashMap<>(Math.max(4, members.size() * 2));
      members.forEach((k, v) -> out.put(k, v.toJava()));
      return out;
    }
  }

  /** {@code <array>}: elements of any types. */
  record Array(ImmutableList<XmlRpcValue> elements) implements XmlRpcValue {
    public Array(List<XmlRpcValue> elements) {
      this(ImmutableList.copyOf(elements));
    }

    @Override
    public List<@Nullable Object> toJava() {
      List<@Nullable Object> out = new ArrayList<>(elements.size());
      for (XmlRpcValue v : elements) {
        out.add(v.toJava());
      }
      return out;
    }
  }

  /** {@code <nil/>} (or Apache's {@code <ex:nil/>}): the absent value. */
  record Nil() implements XmlRpcValue {
    /** The one instance worth using. */
    public static final Nil INSTANCE = new Nil();

    @Override
    public @Nullable Object toJava() {
      return null;
    }
  }
}
