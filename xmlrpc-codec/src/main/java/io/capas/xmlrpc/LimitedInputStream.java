package io.capas.xmlrpc;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Passes at most {@code budget} bytes and one more; a read after that one fails with {@link
 * XmlRpcLimitExceededException}. So the limit is met in document order by a reader that reads on
 * only once it has used what it has.
 */
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
    checkLeft();
    int c = super.read();
    if (c >= 0) {
      left--;
    }
    return c;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    checkLeft();
    int n = super.read(b, off, left < len ? (int) (left + 1) : len);
    if (n > 0) {
      left -= n;
    }
    return n;
  }

  private void checkLeft() throws XmlRpcLimitExceededException {
    if (left < 0) {
      throw new XmlRpcLimitExceededException("maxDocumentBytes", limit);
    }
  }
}
