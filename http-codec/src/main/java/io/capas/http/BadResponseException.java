package io.capas.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;

/**
 * The peer's response broke HTTP/1.1, its content coding, or one of the client's limits. The
 * message says what was wrong with the response and names no status: the peer sent its own, and a
 * status is ours to send only as a server (that side is {@link HttpException}). The connection
 * cannot be trusted after it: close it.
 */
public final class BadResponseException extends ProtocolException {
  private final boolean limitExceeded;

  public BadResponseException(String message, boolean limitExceeded) {
    super(message);
    this.limitExceeded = limitExceeded;
  }

  /** The same failure seen from the client: its message without the status a server would send. */
  static BadResponseException of(HttpException e) {
    BadResponseException bad =
        new BadResponseException(e.detail(), e.status().code() == 413 || e.status().code() == 431);
    bad.setStackTrace(e.getStackTrace());
    return bad;
  }

  /**
   * Whether a limit was exceeded (a body, head or decoded size, a count), not the syntax broken.
   */
  public boolean limitExceeded() {
    return limitExceeded;
  }

  /** {@code in}, with its {@link HttpException}s turned into {@link BadResponseException}s. */
  static InputStream converting(InputStream in) {
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        try {
          return super.read();
        } catch (HttpException e) {
          throw of(e);
        }
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        try {
          return super.read(b, off, len);
        } catch (HttpException e) {
          throw of(e);
        }
      }

      @Override
      public long skip(long n) throws IOException {
        try {
          return super.skip(n);
        } catch (HttpException e) {
          throw of(e);
        }
      }

      @Override
      public void close() throws IOException {
        try {
          super.close();
        } catch (HttpException e) {
          throw of(e);
        }
      }
    };
  }
}
