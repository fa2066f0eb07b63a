package io.capas.testing.codec;

import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;

/**
 * Round-trip checks: {@code decode(encode(v))} equals {@code v}, and for canonical formats {@code
 * encode(decode(golden))} equals the golden bytes. Failures are {@link AssertionError}s with the
 * bytes in hex. Thread-safe (static methods only).
 */
public final class RoundTrip {
  private RoundTrip() {}

  /** Encodes a value to bytes. */
  @FunctionalInterface
  public interface Encoder<T> {
    byte[] encode(T value) throws IOException;
  }

  /** Decodes bytes to a value. */
  @FunctionalInterface
  public interface Decoder<T> {
    T decode(byte[] wire) throws IOException;
  }

  /** Asserts {@code decode(encode(value))} equals {@code value} ({@link Objects#deepEquals}). */
  public static <T> byte[] assertValueRoundTrip(T value, Encoder<T> encoder, Decoder<T> decoder)
      throws IOException {
    byte[] wire = encoder.encode(value);
    T back = decoder.decode(wire);
    if (!Objects.deepEquals(value, back)) {
      throw new AssertionError(
          "round trip changed the value\n  sent:    "
              + value
              + "\n  got:     "
              + back
              + "\n  wire:    "
              + Hex.format(wire));
    }
    return wire;
  }

  /** Asserts {@code encode(decode(golden))} equals {@code golden} byte for byte. */
  public static <T> T assertBytesRoundTrip(byte[] golden, Decoder<T> decoder, Encoder<T> encoder)
      throws IOException {
    T value = decoder.decode(golden);
    byte[] again = encoder.encode(value);
    assertSameBytes(golden, again);
    return value;
  }

  /** Asserts two byte arrays are equal, reporting the first difference in hex. */
  public static void assertSameBytes(byte[] expected, byte[] actual) {
    if (Arrays.equals(expected, actual)) {
      return;
    }
    int i = Arrays.mismatch(expected, actual);
    int from = Math.max(0, i - 8);
    throw new AssertionError(
        "bytes differ at index "
            + i
            + " (lengths "
            + expected.length
            + " and "
            + actual.length
            + ")\n  expected ..."
            + Hex.format(expected, from, Math.min(expected.length, i + 16))
            + "\n  actual   ..."
            + Hex.format(actual, from, Math.min(actual.length, i + 16)));
  }
}
