package io.capas.socket;

import static com.google.common.base.Preconditions.checkArgument;

import io.capas.transport.Connection;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A base for {@link Connection}s over a blocking stream pair: it buffers reads once, so that {@link
 * #input()}, {@link #receiveExactly}, {@link #receiveLine} and {@link #receiveSome} can be mixed
 * freely, and implements sending every byte and receiving exactly n bytes (the {@code sendall} and
 * {@code recvall} idioms of Python sockets).
 *
 * <p>Subclasses supply the raw streams. One reader thread and one writer thread may use it at once;
 * {@link #close()} is the subclass's and must wake a blocked reader.
 */
public abstract class StreamConnection implements Connection {

  private static final int BUFFER_SIZE = 8192;

  /** Reads at least this large skip the buffer when it is empty. */
  private static final int DIRECT_READ = 1024;

  private static final byte[] NONE = new byte[0];

  private final InputStream rawIn;
  private final OutputStream rawOut;

  /** Allocated on first use, so that a connection read only in large chunks never holds one. */
  private byte[] buffer = NONE;

  private int position;
  private int limit;
  private final InputStream input = new BufferedView();

  protected StreamConnection(InputStream rawIn, OutputStream rawOut) {
    this.rawIn = rawIn;
    this.rawOut = rawOut;
  }

  @Override
  public final InputStream input() {
    return input;
  }

  @Override
  public final OutputStream output() {
    return rawOut;
  }

  @Override
  public void sendAll(byte[] data) throws IOException {
    // OutputStream.write loops until every byte is out, as a sendall loop does; it never returns
    // after a partial send.
    rawOut.write(data);
    rawOut.flush();
  }

  @Override
  public byte[] receiveExactly(int n) throws IOException {
    checkArgument(n >= 0, "negative byte count: %s", n);
    byte[] result = new byte[n];
    int got = 0;
    while (got < n) {
      int r = input.read(result, got, n - got);
      if (r < 0) {
        throw new EOFException(
            "end of stream after " + got + " of " + n + " bytes: " + (n - got) + " missing");
      }
      got += r;
    }
    return result;
  }

  @Override
  public @Nullable String receiveLine(int maxLength) throws IOException {
    checkArgument(maxLength > 0, "maxLength must be positive: %s", maxLength);
    byte[] line = new byte[Math.min(maxLength + 1, 256)];
    int length = 0;
    while (true) {
      if (position == limit && !fill()) {
        if (length == 0) {
          return null;
        }
        throw new EOFException("end of stream inside a line after " + length + " bytes");
      }
      // Scan the buffered bytes for LF without a byte-by-byte stream call.
      int start = position;
      int end = start;
      while (end < limit && buffer[end] != '\n') {
        end++;
      }
      int chunk = end - start;
      // The line may be maxLength bytes plus an optional CR before the LF.
      if (length + chunk > maxLength + 1) {
        throw new ProtocolException("line longer than " + maxLength + " bytes");
      }
      if (length + chunk > line.length) {
        line =
            Arrays.copyOf(line, Math.min(maxLength + 1, Math.max(line.length * 2, length + chunk)));
      }
      System.arraycopy(buffer, start, line, length, chunk);
      length += chunk;
      if (end < limit) {
        position = end + 1;
        if (length > 0 && line[length - 1] == '\r') {
          length--;
        }
        if (length > maxLength) {
          throw new ProtocolException("line longer than " + maxLength + " bytes");
        }
        return new String(line, 0, length, StandardCharsets.UTF_8);
      }
      position = limit;
    }
  }

  @Override
  public byte[] receiveSome(int max) throws IOException {
    checkArgument(max > 0, "max must be positive: %s", max);
    if (position == limit) {
      if (max >= BUFFER_SIZE) {
        // Large reads go straight to the caller's array.
        byte[] direct = new byte[max];
        int r = rawRead(direct, 0, max);
        return r < 0 ? new byte[0] : Arrays.copyOf(direct, r);
      }
      if (!fill()) {
        return new byte[0];
      }
    }
    int n = Math.min(max, limit - position);
    byte[] result = Arrays.copyOfRange(buffer, position, position + n);
    position += n;
    return result;
  }

  /**
   * True once this end was closed. A read woken by {@link #close()} may see end of stream, or even
   * the peer's answer to our FIN, instead of an error (a socket closed under a blocked virtual
   * thread does); such a read is reported as closed.
   */
  protected abstract boolean isClosed();

  private int rawRead(byte[] b, int off, int len) throws IOException {
    int n = rawIn.read(b, off, len);
    if (isClosed()) {
      throw new SocketException("Socket closed");
    }
    return n;
  }

  /** Refills the empty buffer with one read; false at end of stream. */
  private boolean fill() throws IOException {
    if (buffer == NONE) {
      buffer = new byte[BUFFER_SIZE];
    }
    int r = rawRead(buffer, 0, buffer.length);
    if (r < 0) {
      position = 0;
      limit = 0;
      return false;
    }
    position = 0;
    limit = r;
    return true;
  }

  /** The buffered view handed out by {@link #input()}. */
  private final class BufferedView extends InputStream {
    @Override
    public int read() throws IOException {
      if (position == limit && !fill()) {
        return -1;
      }
      return buffer[position++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      if (len == 0) {
        return 0;
      }
      if (position == limit) {
        if (len >= DIRECT_READ) {
          return rawRead(b, off, len);
        }
        if (!fill()) {
          return -1;
        }
      }
      int n = Math.min(len, limit - position);
      System.arraycopy(buffer, position, b, off, n);
      position += n;
      return n;
    }

    @Override
    public int available() throws IOException {
      return (limit - position) + rawIn.available();
    }

    @Override
    public void close() {
      StreamConnection.this.close();
    }
  }
}
