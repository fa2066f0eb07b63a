package io.capas.testing.codec;

import java.io.InputStream;
import java.util.Objects;
import java.util.Random;

/**
 * An {@link InputStream} over fixed bytes whose every {@code read(byte[], int, int)} returns a
 * seeded random number of bytes between 1 and {@code maxRead} (never more than asked), the way a
 * socket does. A blocking reader that assumes one read returns everything fails against it. Reads
 * after the end return -1; {@link #available()} is 0, so readers cannot cheat with it. Not
 * thread-safe.
 */
public final class TricklingInputStream extends InputStream {
  private final byte[] data;
  private final Random random;
  private final int maxRead;
  private int position;
  private int reads;
  private boolean closed;

  private TricklingInputStream(byte[] data, long seed, int maxRead) {
    if (maxRead < 1) {
      throw new IllegalArgumentException("maxRead must be >= 1: " + maxRead);
    }
    this.data = data.clone();
    this.random = new Random(seed);
    this.maxRead = maxRead;
  }

  /** Reads of 1 to 7 bytes chosen by {@code seed}. */
  public static TricklingInputStream of(byte[] data, long seed) {
    return new TricklingInputStream(data, seed, 7);
  }

  /** Reads of 1 to {@code maxRead} bytes chosen by {@code seed}. */
  public static TricklingInputStream of(byte[] data, long seed, int maxRead) {
    return new TricklingInputStream(data, seed, maxRead);
  }

  /** Exactly one byte per read. */
  public static TricklingInputStream oneByteAtATime(byte[] data) {
    return new TricklingInputStream(data, 0, 1);
  }

  @Override
  public int read() {
    if (position >= data.length) {
      return -1;
    }
    reads++;
    return data[position++] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    if (position >= data.length) {
      return -1;
    }
    int n = Math.min(Math.min(len, data.length - position), 1 + random.nextInt(maxRead));
    System.arraycopy(data, position, b, off, n);
    position += n;
    reads++;
    return n;
  }

  @Override
  public int available() {
    return 0;
  }

  @Override
  public void close() {
    closed = true;
  }

  /** How many bytes were consumed so far. */
  public int consumed() {
    return position;
  }

  /** How many successful reads were served. */
  public int reads() {
    return reads;
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    return closed;
  }
}
