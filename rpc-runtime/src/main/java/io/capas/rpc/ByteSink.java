package io.capas.rpc;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A growable byte array to write into and reuse: one per connection keeps the per-call hot path
 * free of buffer allocation. Unlike {@link java.io.ByteArrayOutputStream} it is unsynchronized and
 * exposes its array. Not thread-safe; one instance per connection.
 */
final class ByteSink extends OutputStream {
  private byte[] buf;
  private int count;

  ByteSink(int initialCapacity) {
    buf = new byte[initialCapacity];
  }

  @Override
  public void write(int b) {
    ensure(1);
    buf[count++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, buf, count, len);
    count += len;
  }

  void reset() {
    count = 0;
  }

  /** Drops what was written past the first {@code size} bytes. */
  void truncate(int size) {
    if (size < 0 || size > count) {
      throw new IllegalArgumentException("cannot truncate " + count + " bytes to " + size);
    }
    count = size;
  }

  /** Drops the array if it grew past {@code max}, so one large call does not pin memory. */
  void trim(int max) {
    if (buf.length > max) {
      buf = new byte[max];
    }
    count = 0;
  }

  int size() {
    return count;
  }

  byte[] array() {
    return buf;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(buf, count);
  }

  ByteBuffer asBuffer() {
    return ByteBuffer.wrap(buf, 0, count);
  }

  private void ensure(int extra) {
    int needed = count + extra;
    if (needed > buf.length) {
      if (needed < 0) {
        throw new OutOfMemoryError("buffer too large");
      }
      buf = Arrays.copyOf(buf, Math.max(needed, buf.length * 2));
    }
  }
}
