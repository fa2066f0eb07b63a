package io.capas.hftp;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A buffered output stream that holds memory only while it holds bytes: the first write after a
 * {@link #flush()} allocates a small buffer, which grows as writes need it (doubling, up to {@code
 * maxBytes}), and {@link #flush()} sends what it holds and drops it. So a connection that has
 * nothing to send costs no buffer, and one that sent a slice keeps none of it (issue 12: a 64 KiB
 * buffer allocated up front made every idle connection cost that much).
 *
 * <p>Bytes leave in writes of at most {@code maxBytes}, except a single write of {@code maxBytes}
 * or more, which is passed through as it is. Not thread-safe; one instance per connection.
 */
final class LazyBufferedOutputStream extends OutputStream {

  /** The first buffer: a status line and a short answer fit. */
  static final int INITIAL_BYTES = 256;

  private final OutputStream out;
  private final int maxBytes;
  private byte @Nullable [] buffer;
  private int count;

  LazyBufferedOutputStream(OutputStream out, int maxBytes) {
    checkArgument(maxBytes >= INITIAL_BYTES, "maxBytes below %s: %s", INITIAL_BYTES, maxBytes);
    this.out = out;
    this.maxBytes = maxBytes;
  }

  @Override
  public void write(int b) throws IOException {
    byte[] into = room(1);
    into[count++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (len >= maxBytes) {
      sendBuffered();
      out.write(b, off, len);
      return;
    }
    byte[] into = room(len);
    System.arraycopy(b, off, into, count, len);
    count += len;
  }

  /** Sends what is buffered, then drops the buffer. */
  @Override
  public void flush() throws IOException {
    sendBuffered();
    buffer = null;
    out.flush();
  }

  /** The bytes of buffer held right now: 0 after a {@link #flush()} until the next write. */
  int bufferBytes() {
    return buffer == null ? 0 : buffer.length;
  }

  /** A buffer with room for {@code len < maxBytes} more bytes, sending or growing it as needed. */
  private byte[] room(int len) throws IOException {
    byte[] current = buffer;
    if (current == null) {
      current = new byte[Math.min(maxBytes, Math.max(INITIAL_BYTES, len))];
    } else if (current.length - count < len) {
      if (count + len > maxBytes) {
        sendBuffered();
      }
      if (current.length - count < len) {
        int grown = Math.max(count + len, (int) Math.min(maxBytes, 2L * current.length));
        current = Arrays.copyOf(current, grown);
      }
    }
    buffer = current;
    return current;
  }

  private void sendBuffered() throws IOException {
    if (count > 0) {
      out.write(requireBuffer(), 0, count);
      count = 0;
    }
  }

  private byte[] requireBuffer() {
    byte[] current = buffer;
    if (current == null) {
      throw new IllegalStateException("bytes counted without a buffer");
    }
    return current;
  }
}
