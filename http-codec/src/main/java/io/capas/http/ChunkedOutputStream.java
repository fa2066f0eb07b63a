package io.capas.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Writes a chunked body (RFC 9112 §7.1) onto an underlying stream: bytes are buffered and sent as
 * one chunk when the buffer fills or on {@link #flush()}; {@link #close()} sends the last chunk and
 * flushes, but leaves the underlying stream (the connection) open. Not thread-safe.
 */
final class ChunkedOutputStream extends OutputStream {
  private final OutputStream out;
  private final byte[] buffer;
  private int size;
  private boolean closed;

  ChunkedOutputStream(OutputStream out, int bufferSize) {
    this.out = out;
    // Room for the size line and the CRLF around the data, so a chunk is one write.
    this.buffer = new byte[bufferSize + 12];
  }

  @Override
  public void write(int b) throws IOException {
    checkOpen();
    if (size == buffer.length - 12) {
      sendChunk();
    }
    buffer[10 + size++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    checkOpen();
    Objects.checkFromIndexSize(off, len, b.length);
    int capacity = buffer.length - 12;
    while (len > 0) {
      int n = Math.min(len, capacity - size);
      System.arraycopy(b, off, buffer, 10 + size, n);
      size += n;
      off += n;
      len -= n;
      if (size == capacity) {
        sendChunk();
      }
    }
  }

  @Override
  public void flush() throws IOException {
    checkOpen();
    sendChunk();
    out.flush();
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    sendChunk();
    closed = true;
    out.write(new byte[] {'0', '\r', '\n', '\r', '\n'});
    out.flush();
  }

  /** Sends the buffered bytes as one chunk: the size line goes just before them in the array. */
  private void sendChunk() throws IOException {
    if (size == 0) {
      return;
    }
    byte[] hex = (Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    int start = 10 - hex.length;
    System.arraycopy(hex, 0, buffer, start, hex.length);
    buffer[10 + size] = '\r';
    buffer[11 + size] = '\n';
    out.write(buffer, start, hex.length + size + 2);
    size = 0;
  }

  private void checkOpen() throws IOException {
    if (closed) {
      throw new IOException("chunked body already closed");
    }
  }
}
