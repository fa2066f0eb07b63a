package io.capas.xmlrpc;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Passes at most {@code budget} bytes, then fails with {@link XmlRpcLimitExceededException}. */
final class LimitedInputStream extends FilterInputStream {
  private final long limit;
  private long left;

  LimitedInputStream(InputStream in, long budget) {
    super(in);
    this.left = budget;
    this.limit = budget;
  }

  @Override
  public int read() throws IOException {
    int c = super.read();
    if (c >= 0) {
      count(1);
    }
    return c;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n > 0) {
      count(n);
    }
    return n;
  }

  private void count(int n) throws XmlRpcLimitExceededException {
    left -= n;
    if (left < 0) {
      throw new XmlRpcLimitExceededException("maxDocumentBytes", limit);
    }
  }
}
