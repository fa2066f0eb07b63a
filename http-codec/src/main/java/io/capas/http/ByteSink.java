package io.capas.http;

import java.nio.ByteBuffer;
import java.util.Arrays;

/** A growable byte array with a hard cap, for bodies whose length is not known up front. */
final class ByteSink {
  private final long limit;
  private byte[] bytes = new byte[256];
  private int size;

  ByteSink(long limit) {
    this.limit = limit;
  }

  /** Appends {@code n} bytes of {@code in}; fails with 413 past the limit. */
  void append(ByteBuffer in, int n) throws HttpException {
    ensure(n);
    in.get(bytes, size, n);
    size += n;
  }

  void append(byte[] b, int off, int n) throws HttpException {
    ensure(n);
    System.arraycopy(b, off, bytes, size, n);
    size += n;
  }

  int size() {
    return size;
  }

  byte[] toArray() {
    return bytes.length == size ? bytes : Arrays.copyOf(bytes, size);
  }

  private void ensure(int n) throws HttpException {
    if ((long) size + n > limit) {
      throw new HttpException(
          HttpStatus.CONTENT_TOO_LARGE, "body exceeds the limit of " + limit + " bytes", true);
    }
    if (size + n > bytes.length) {
      long grown = Math.max((long) size + n, (long) bytes.length * 2);
      bytes = Arrays.copyOf(bytes, (int) Math.min(grown, limit));
    }
  }
}
