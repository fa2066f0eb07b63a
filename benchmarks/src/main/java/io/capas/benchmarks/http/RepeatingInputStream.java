package io.capas.benchmarks.http;

import java.io.InputStream;

/** An endless stream repeating one message, like a keep-alive connection carrying the same call. */
final class RepeatingInputStream extends InputStream {
  private final byte[] message;
  private int at;

  RepeatingInputStream(byte[] message) {
    this.message = message.clone();
  }

  @Override
  public int read() {
    int b = message[at] & 0xff;
    at = (at + 1) % message.length;
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    int n = Math.min(len, message.length - at);
    System.arraycopy(message, at, b, off, n);
    at = (at + n) % message.length;
    return n;
  }
}
