package io.capas.testing.codec;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * A seeded mutator for bounded fuzzing of parsers: each variant of a valid input has one to four
 * edits (bit flips, deletions, insertions of random or syntax-relevant bytes, duplicated or removed
 * ranges, truncation). The same seed gives the same variants, so a failure reproduces. Not
 * thread-safe.
 *
 * <pre>{@code
 * for (byte[] variant : Mutations.of(golden, 42, 10_000)) {
 *   try { parse(variant); } catch (ExpectedException ok) { }  // anything else fails the test
 * }
 * }</pre>
 */
public final class Mutations implements Iterable<byte[]> {
  /** Bytes that matter to text protocols: delimiters, whitespace, digits, markup, high bytes. */
  private static final byte[] INTERESTING = {
    '\r',
    '\n',
    ' ',
    '\t',
    ':',
    ';',
    ',',
    '0',
    '9',
    '-',
    '+',
    'f',
    '<',
    '>',
    '/',
    '&',
    '#',
    '"',
    '\'',
    '=',
    '?',
    '!',
    '[',
    ']',
    0,
    0x7f,
    (byte) 0x80,
    (byte) 0xff,
    (byte) 0xc3,
    (byte) 0xa9
  };

  private final byte[] seed;
  private final long randomSeed;
  private final int count;

  private Mutations(byte[] seed, long randomSeed, int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0: " + count);
    }
    this.seed = seed.clone();
    this.randomSeed = randomSeed;
    this.count = count;
  }

  /** {@code count} variants of {@code input}, reproducible from {@code randomSeed}. */
  public static Mutations of(byte[] input, long randomSeed, int count) {
    return new Mutations(input, randomSeed, count);
  }

  @Override
  public Iterator<byte[]> iterator() {
    Random random = new Random(randomSeed);
    return new Iterator<>() {
      private int produced;

      @Override
      public boolean hasNext() {
        return produced < count;
      }

      @Override
      public byte[] next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        produced++;
        byte[] b = seed.clone();
        int edits = 1 + random.nextInt(4);
        for (int i = 0; i < edits; i++) {
          b = mutate(b, random);
        }
        return b;
      }
    };
  }

  /** One random edit of {@code b}. */
  public static byte[] mutate(byte[] b, Random random) {
    if (b.length == 0) {
      return new byte[] {INTERESTING[random.nextInt(INTERESTING.length)]};
    }
    int at = random.nextInt(b.length);
    switch (random.nextInt(7)) {
      case 0 -> {
        byte[] c = b.clone();
        c[at] ^= (byte) (1 << random.nextInt(8));
        return c;
      }
      case 1 -> {
        byte[] c = new byte[b.length - 1];
        System.arraycopy(b, 0, c, 0, at);
        System.arraycopy(b, at + 1, c, at, b.length - at - 1);
        return c;
      }
      case 2, 3 -> {
        byte[] c = new byte[b.length + 1];
        System.arraycopy(b, 0, c, 0, at);
        c[at] =
            random.nextBoolean()
                ? INTERESTING[random.nextInt(INTERESTING.length)]
                : (byte) random.nextInt(256);
        System.arraycopy(b, at, c, at + 1, b.length - at);
        return c;
      }
      case 4 -> {
        int length = Math.min(b.length - at, 1 + random.nextInt(32));
        byte[] c = new byte[b.length + length];
        System.arraycopy(b, 0, c, 0, at + length);
        System.arraycopy(b, at, c, at + length, b.length - at);
        return c;
      }
      case 5 -> {
        int length = Math.min(b.length - at, 1 + random.nextInt(32));
        byte[] c = new byte[b.length - length];
        System.arraycopy(b, 0, c, 0, at);
        System.arraycopy(b, at + length, c, at, b.length - at - length);
        return c;
      }
      default -> {
        return Arrays.copyOf(b, at);
      }
    }
  }
}
