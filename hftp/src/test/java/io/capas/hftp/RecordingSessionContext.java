package io.capas.hftp;

import io.capas.transport.SessionContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Captures what a session writes; can fail writes past a byte budget, like a vanished peer, and
 * play a queuing transport: {@link #writeBacklogged()} once more than a watermark of bytes are
 * "unsent", until {@link #drain()}.
 */
final class RecordingSessionContext implements SessionContext {
  private final ByteArrayOutputStream written = new ByteArrayOutputStream();
  private final long failAfter;
  private long watermark = Long.MAX_VALUE;
  private long unsent;
  private long mostUnsent;
  private int backlogsSeen;
  private int writes;
  private int largestWrite;
  private boolean closed;
  private @Nullable Duration readTimeout;

  RecordingSessionContext() {
    this(Long.MAX_VALUE);
  }

  /** Writes fail once more than {@code failAfter} bytes have been written. */
  RecordingSessionContext(long failAfter) {
    this.failAfter = failAfter;
  }

  @Override
  public void write(ByteBuffer data) throws IOException {
    if (closed) {
      throw new IOException("write after close");
    }
    if (written.size() + (long) data.remaining() > failAfter) {
      throw new IOException("Broken pipe (peer vanished)");
    }
    byte[] bytes = new byte[data.remaining()];
    data.get(bytes);
    written.writeBytes(bytes);
    unsent += bytes.length;
    mostUnsent = Math.max(mostUnsent, unsent);
    writes++;
    largestWrite = Math.max(largestWrite, bytes.length);
  }

  @Override
  public boolean writeBacklogged() {
    boolean backlogged = unsent > watermark;
    if (backlogged) {
      backlogsSeen++;
    }
    return backlogged;
  }

  /** From now on, backlogged while more than {@code bytes} written are not yet "sent". */
  RecordingSessionContext backlogPast(long bytes) {
    watermark = bytes;
    return this;
  }

  /** Everything written so far counts as sent. */
  void drain() {
    unsent = 0;
  }

  /** The most written bytes ever "unsent" at once. */
  long mostUnsent() {
    return mostUnsent;
  }

  /** How often {@link #writeBacklogged()} answered true. */
  int backlogsSeen() {
    return backlogsSeen;
  }

  @Override
  public void readTimeout(Duration timeout) {
    readTimeout = timeout;
  }

  @Override
  public void close() {
    closed = true;
  }

  @Override
  public InetSocketAddress localAddress() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), 19500);
  }

  @Override
  public InetSocketAddress remoteAddress() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), 40000);
  }

  String text() {
    return written.toString(StandardCharsets.US_ASCII);
  }

  byte[] bytes() {
    return written.toByteArray();
  }

  int writes() {
    return writes;
  }

  int largestWrite() {
    return largestWrite;
  }

  boolean closed() {
    return closed;
  }

  @Nullable Duration readTimeout() {
    return readTimeout;
  }
}
