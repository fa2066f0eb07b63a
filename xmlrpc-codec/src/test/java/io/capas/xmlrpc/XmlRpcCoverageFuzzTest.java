package io.capas.xmlrpc;

import static io.capas.xmlrpc.PlainValues.comparable;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.capas.testing.codec.TricklingInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Timeout;

/**
 * Any bytes to the XML-RPC readers, whole and trickled: a value within the limits that survives a
 * round trip, or a typed refusal.
 *
 * <p>An input is {@code TARGET SEED MAXREAD DOCUMENT...}: {@code TARGET} (mod 2) picks the {@link
 * MethodCallReader} or the {@link MethodResponseReader}; the document is read once whole and once
 * through a {@link TricklingInputStream} whose reads return 1 to {@code MAXREAD % 16 + 1} bytes,
 * seeded by {@code SEED} (the lexer's refills at every boundary). Invariants:
 *
 * <ul>
 *   <li>only {@link XmlRpcException}s escape, and both readings end alike: the same value, or the
 *       same exception class;
 *   <li>what is read respects the small {@link #LIMITS}: depth, collection sizes, string lengths,
 *       the count of values;
 *   <li>what is read writes without error, and reads back (with default limits) to the same value,
 *       but for the fraction of a second of a date, which the writers drop by design.
 * </ul>
 */
class XmlRpcCoverageFuzzTest {

  private static final XmlRpcLimits LIMITS = new XmlRpcLimits(4, 64, 64, 4096, 8);
  private static final int HEADER = 3;

  private static final MethodCallReader CALLS = new MethodCallReader(LIMITS);
  private static final MethodResponseReader RESPONSES = new MethodResponseReader(LIMITS);

  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  @FuzzTest(maxDuration = "6s")
  void readsWithinTheLimitsOrRefuses(byte[] input) throws IOException {
    if (input.length < HEADER) {
      return;
    }
    boolean call = (input[0] & 1) == 0;
    long seed = input[1] & 0xFF;
    int maxRead = (input[2] & 0xF) + 1;
    byte[] document = Arrays.copyOfRange(input, HEADER, input.length);
    Outcome whole = read(call, new ByteArrayInputStream(document));
    Outcome trickled = read(call, TricklingInputStream.of(document, seed, maxRead));
    if (!whole.sameAs(trickled)) {
      throw new AssertionError("read whole: " + whole + ", trickled: " + trickled);
    }
    Object value = whole.value;
    if (value != null) {
      checkLimits(value);
      roundTrip(value);
    }
  }

  /**
   * A value read, or the class of the refusal. A plain class, not a record: on JDK 25, Jazzer's
   * instrumentation of a record nested here made the JVM crash in nest-host resolution, then lose
   * the record's field.
   */
  static final class Outcome {
    final @Nullable Object value;
    final @Nullable Class<?> refusal;

    Outcome(@Nullable Object value, @Nullable Class<?> refusal) {
      this.value = value;
      this.refusal = refusal;
    }

    boolean sameAs(Outcome other) {
      return refusal == other.refusal && (value == null || typed(value).equals(typed(other.value)));
    }

    @Override
    public String toString() {
      return value != null ? String.valueOf(typed(value)) : "refused: " + refusal;
    }
  }

  private static Outcome read(boolean call, InputStream in) throws IOException {
    try {
      return new Outcome(call ? CALLS.read(in) : RESPONSES.read(in), null);
    } catch (XmlRpcException e) {
      return new Outcome(null, e.getClass());
    }
  }

  /** A call or response in a form {@code equals} compares (base64 by content). */
  private static Object typed(@Nullable Object read) {
    return switch (read) {
      case MethodCall c -> Arrays.asList(c.methodName(), comparable(c.params()));
      case MethodResponse.Success s -> Arrays.asList("success", comparable(s.value()));
      case Fault f -> f;
      default -> throw new AssertionError("read " + read);
    };
  }

  // ---------------------------------------------------------------- limits

  private static void checkLimits(Object read) {
    int[] values = {0};
    switch (read) {
      case MethodCall c -> {
        checkString(c.methodName());
        check(c.params().size() <= LIMITS.maxCollectionSize(), "params " + c.params().size());
        for (Object param : c.params()) {
          checkValue(param, 1, values);
        }
      }
      case MethodResponse.Success s -> checkValue(s.value(), 1, values);
      case Fault f -> checkString(f.message());
      default -> throw new AssertionError("read " + read);
    }
    check(values[0] <= LIMITS.maxElements(), values[0] + " values");
  }

  private static void checkValue(@Nullable Object value, int depth, int[] values) {
    check(depth <= LIMITS.maxDepth(), "a value at depth " + depth);
    values[0]++;
    if (value == null) {
      return;
    }
    switch (value) {
      case String s -> checkString(s);
      case byte[] b -> check(b.length <= LIMITS.maxStringLength() * 3 / 4, b.length + " bytes");
      case Map<?, ?> m -> {
        check(m.size() <= LIMITS.maxCollectionSize(), "struct of " + m.size());
        for (Map.Entry<?, ?> member : m.entrySet()) {
          checkString((String) member.getKey());
          checkValue(member.getValue(), depth + 1, values);
        }
      }
      case List<?> l -> {
        check(l.size() <= LIMITS.maxCollectionSize(), "array of " + l.size());
        for (Object element : l) {
          checkValue(element, depth + 1, values);
        }
      }
      default -> {
        // a scalar of fixed size
      }
    }
  }

  private static void checkString(String s) {
    check(s.length() <= LIMITS.maxStringLength(), "string of " + s.length() + " chars");
  }

  // ---------------------------------------------------------------- round trip

  private static void roundTrip(Object read) throws XmlRpcException {
    switch (read) {
      case MethodCall c -> {
        byte[] wire = MethodCallWriter.create().toBytes(c);
        MethodCall back = MethodCallReader.create().read(wire);
        check(
            typed(withoutFractions(c)).equals(typed(back)),
            "call " + typed(c) + " read back as " + typed(back));
      }
      case MethodResponse r -> {
        byte[] wire = MethodResponseWriter.create().toBytes(r);
        MethodResponse back = MethodResponseReader.create().read(wire);
        check(
            typed(withoutFractions(r)).equals(typed(back)),
            "response " + typed(r) + " read back as " + typed(back));
      }
      default -> throw new AssertionError("read " + read);
    }
  }

  private static Object withoutFractions(Object read) {
    return switch (read) {
      case MethodCall c -> {
        List<@Nullable Object> params = new ArrayList<>();
        for (Object param : c.params()) {
          params.add(withoutFraction(param));
        }
        yield new MethodCall(c.methodName(), params);
      }
      case MethodResponse.Success s -> MethodResponse.success(withoutFraction(s.value()));
      default -> read;
    };
  }

  private static @Nullable Object withoutFraction(@Nullable Object value) {
    if (value == null) {
      return null;
    }
    return switch (value) {
      case LocalDateTime d -> d.withNano(0);
      case OffsetDateTime d -> d.withNano(0);
      case Map<?, ?> m -> {
        Map<String, @Nullable Object> copy = new LinkedHashMap<>();
        m.forEach((k, v) -> copy.put((String) k, withoutFraction(v)));
        yield copy;
      }
      case List<?> l -> {
        List<@Nullable Object> copy = new ArrayList<>();
        l.forEach(e -> copy.add(withoutFraction(e)));
        yield copy;
      }
      default -> value;
    };
  }

  private static void check(boolean condition, String problem) {
    if (!condition) {
      throw new AssertionError(Objects.requireNonNull(problem));
    }
  }
}
