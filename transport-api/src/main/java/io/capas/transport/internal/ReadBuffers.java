package io.capas.transport.internal;

import com.google.common.annotations.VisibleForTesting;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.LongAdder;

/**
 * The read buffer policy the server models share. A read buffer is in write mode and holds the
 * bytes a session left unconsumed in {@code [start, position)}. They move to the front only when
 * the buffer is full, and only when at least half of it is free that way (else the buffer doubles),
 * so every byte received is moved a bounded number of times: a request that trickles in one byte
 * per read costs linear work, not one copy of everything buffered per read.
 *
 * <p>Stateless and thread-safe.
 */
public final class ReadBuffers {
  /** Bytes moved to the front of a buffer or into a larger one, for tests that count work. */
  private static final LongAdder MOVED = new LongAdder();

  private ReadBuffers() {}

  /** Bytes moved so far by every server in this JVM (for tests that count work). */
  @VisibleForTesting
  public static long movedBytes() {
    return MOVED.sum();
  }

  /**
   * Whether a full {@code buffer} whose unconsumed bytes start at {@code start} should slide them
   * to the front rather than grow: at least half of it would be free, or it may not grow.
   */
  public static boolean slides(ByteBuffer buffer, int start, int maxCapacity) {
    return start > 0 && (start >= buffer.capacity() / 2 || buffer.capacity() >= maxCapacity);
  }

  /** Moves {@code [start, position)} to the front; the buffer stays in write mode after them. */
  public static void slide(ByteBuffer buffer, int start) {
    int unconsumed = buffer.position() - start;
    byte[] array = buffer.array();
    int offset = buffer.arrayOffset();
    System.arraycopy(array, offset + start, array, offset, unconsumed);
    MOVED.add(unconsumed);
    buffer.limit(buffer.capacity()).position(unconsumed);
  }

  /** A buffer of {@code capacity} holding {@code [start, position)} of {@code buffer} first. */
  public static ByteBuffer grow(ByteBuffer buffer, int start, int capacity) {
    int unconsumed = buffer.position() - start;
    ByteBuffer bigger = ByteBuffer.allocate(capacity);
    bigger.put(buffer.array(), buffer.arrayOffset() + start, unconsumed);
    MOVED.add(unconsumed);
    return bigger;
  }
}
