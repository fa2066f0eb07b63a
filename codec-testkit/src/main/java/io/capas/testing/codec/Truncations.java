package io.capas.testing.codec;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;

/**
 * Proper prefixes of a wire image: every one must decode to "need more input" or a truncation
 * error, never to a wrong message. Thread-safe (static methods only).
 */
public final class Truncations {
  private Truncations() {}

  /** Every proper prefix, from the empty one to all but the last byte (computed lazily). */
  public static List<byte[]> properPrefixes(byte[] wire) {
    byte[] copy = wire.clone();
    return new AbstractList<>() {
      @Override
      public byte[] get(int index) {
        return Arrays.copyOf(copy, index);
      }

      @Override
      public int size() {
        return copy.length;
      }
    };
  }

  /** Every proper prefix that is not empty. */
  public static List<byte[]> nonEmptyProperPrefixes(byte[] wire) {
    List<byte[]> all = properPrefixes(wire);
    return all.subList(Math.min(1, all.size()), all.size());
  }
}
