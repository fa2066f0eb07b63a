package io.capas.testing.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One direction of an in-memory connection: a bounded ring of bytes. A full ring blocks the writer
 * (backpressure, as a socket's send buffer does); an empty one blocks the reader until data, the
 * writer's end of stream, the reader's own close, or its timeout.
 *
 * <p>Safe for one writer and one reader thread at once.
 */
final class Pipe {

  private final byte[] ring;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition readable = lock.newCondition();
  private final Condition writable = lock.newCondition();
  private int head;
  private int count;
  private boolean writerDone;
  private boolean readerClosed;
  private volatile Duration readTimeout = Duration.ZERO;

  Pipe(int capacity) {
    this.ring = new byte[capacity];
  }

  void readTimeout(Duration timeout) {
    readTimeout = timeout;
  }

  int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    Duration timeout = readTimeout;
    long nanos = timeout.isZero() ? Long.MAX_VALUE : timeout.toNanos();
    lock.lock();
    try {
      while (count == 0) {
        if (readerClosed) {
          throw new SocketException("Socket closed");
        }
        if (writerDone) {
          return -1;
        }
        if (nanos <= 0) {
          throw new SocketTimeoutException("Read timed out after " + timeout);
        }
        try {
          if (nanos == Long.MAX_VALUE) {
            readable.await();
          } else {
            nanos = readable.awaitNanos(nanos);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("read interrupted");
        }
      }
      if (readerClosed) {
        throw new SocketException("Socket closed");
      }
      int n = Math.min(len, count);
      int first = Math.min(n, ring.length - head);
      System.arraycopy(ring, head, b, off, first);
      System.arraycopy(ring, 0, b, off + first, n - first);
      head = (head + n) % ring.length;
      count -= n;
      writable.signalAll();
      return n;
    } finally {
      lock.unlock();
    }
  }

  void write(byte[] b, int off, int len) throws IOException {
    lock.lock();
    try {
      while (len > 0) {
        if (writerDone) {
          throw new SocketException("Socket output is shut down or closed");
        }
        if (readerClosed) {
          throw new SocketException("Broken pipe: the peer closed the connection");
        }
        if (count == ring.length) {
          try {
            writable.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("write interrupted");
          }
          continue;
        }
        int tail = (head + count) % ring.length;
        int n = Math.min(len, Math.min(ring.length - count, ring.length - tail));
        System.arraycopy(b, off, ring, tail, n);
        count += n;
        off += n;
        len -= n;
        readable.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  int available() {
    lock.lock();
    try {
      return count;
    } finally {
      lock.unlock();
    }
  }

  /** The writer's end of stream: the reader sees -1 once the ring is empty. */
  void finishWriting() {
    lock.lock();
    try {
      writerDone = true;
      readable.signalAll();
      writable.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The reader went away: a blocked reader wakes with an exception, writers fail. */
  void closeReader() {
    lock.lock();
    try {
      readerClosed = true;
      count = 0;
      readable.signalAll();
      writable.signalAll();
    } finally {
      lock.unlock();
    }
  }

  InputStream inputStream() {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        int n = Pipe.this.read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        return Pipe.this.read(b, off, len);
      }

      @Override
      public int available() {
        return Pipe.this.available();
      }
    };
  }

  OutputStream outputStream() {
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        Pipe.this.write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        Pipe.this.write(b, off, len);
      }
    };
  }
}
