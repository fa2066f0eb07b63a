package io.capas.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * What a {@link Session} can do to its connection.
 *
 * <p>{@link #write} may block (blocking server models) or queue (multiplexing); either way bytes
 * are sent in order, and a multiplexing server stops reading from a connection whose queue is full.
 * Safe for use from the session's own calls; {@link #close()} may be called from any thread.
 */
public interface SessionContext {

  /** Sends the remaining bytes of {@code data}; the buffer may be reused once this returns. */
  void write(ByteBuffer data) throws IOException;

  /** Sets how long the connection may wait for the next bytes before {@link Session#onReadTimeout} */
  void readTimeout(Duration timeout);

  /** Closes the connection once everything written so far is sent. Idempotent. */
  void close();

  InetSocketAddress localAddress();

  InetSocketAddress remoteAddress();
}
