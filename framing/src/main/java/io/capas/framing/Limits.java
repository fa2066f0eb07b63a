package io.capas.framing;

/** Argument checks shared by the codecs of this package. */
final class Limits {
  /** The largest array the JVM reliably allocates. */
  static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

  /** Bodies grow in steps so that a large declared length costs memory only as bytes arrive. */
  static final int INITIAL_ALLOCATION = 64 * 1024;

  private Limits() {}

  static int checkMax(long max) {
    if (max < 0 || max > MAX_ARRAY) {
      throw new IllegalArgumentException("maximum must be in [0, " + MAX_ARRAY + "]: " + max);
    }
    return (int) max;
  }

  static int checkChunkSize(int chunkSize) {
    if (chunkSize < 1 || chunkSize > (1 << 24)) {
      throw new IllegalArgumentException("chunk size must be in [1, 16 MiB]: " + chunkSize);
    }
    return chunkSize;
  }

  /** Bytes of zero padding after {@code length} payload bytes. */
  static int padding(long length, int chunkSize) {
    return (int) ((chunkSize - (length % chunkSize)) % chunkSize);
  }
}
