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
 * A session that answers one request with a long response (a file) writes it in pieces and, while
 * {@link #writeBacklogged()}, stops and goes on in {@link Session#onWritable()}, so a client that
 * does not read costs the server a bounded queue:
 *
 * <pre>{@code
 * while (response.hasMore() && !context.writeBacklogged()) {
 *   context.write(response.nextPiece());
 * }
 * // the rest follows in onWritable(), once the queue has drained
 * }</pre>
 *
 * <p>Safe for use from the session's own calls; {@link #close()} may be called from any thread.
 */
public interface SessionContext {

  /** Sends the remaining bytes of {@code data}; the buffer may be reused once this returns. */
  void write(ByteBuffer data) throws IOException;

  /**
   * Whether the bytes written and not yet sent exceed the server's high watermark. Only a queuing
   * (multiplexing) model ever reports it; there, a session producing a long response should then
   * stop writing and continue in {@link Session#onWritable()}, which follows once the queue has
   * drained below half the watermark. Blocking models never do ({@link #write} blocks instead): the
   * default is {@code false}.
   */
  default boolean writeBacklogged() {
    return false;
  }

  /**
   * Sets how long the connection may wait for the next bytes before {@link Session#onReadTimeout}
   */
  void readTimeout(Duration timeout);

  /** Closes the connection once everything written so far is sent. Idempotent. */
  void close();

  InetSocketAddress localAddress();

  InetSocketAddress remoteAddress();
}
