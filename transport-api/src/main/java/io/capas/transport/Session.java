package io.capas.transport;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The server side of one connection, driven by pushes: every server model (sequential, thread per
 * connection, pool, multiplexing) calls it the same way, so a protocol is written once.
 *
 * <p>Calls for one session never overlap: not thread-safe; one instance per connection. A session
 * answers through the {@link SessionContext} it was opened with.
 */
public interface Session {

  /**
   * Bytes arrived. The session consumes what it can; bytes it leaves between {@code position} and
   * {@code limit} are offered again, followed by more, on the next call. The buffer is the
   * transport's and is valid during this call only (a multiplexing loop lends one buffer to all its
   * connections): what a session or a task it {@linkplain SessionContext#offload offloads} needs
   * later, it copies.
   */
  void onData(ByteBuffer data) throws IOException;

  /**
   * The peer ended its stream (half-close). The session may still write here; once this returns,
   * the server closes the connection after everything written is sent.
   */
  default void onEndOfStream() throws IOException {}

  /**
   * A connection that was {@linkplain SessionContext#writeBacklogged() backlogged} has sent enough
   * that its queue is below half the high watermark: a session that stopped a long response may
   * write the rest (stopping again while backlogged). Called on the session's thread, never during
   * another call; only queuing (multiplexing) models call it, and they read nothing from a
   * backlogged connection, so no {@link #onData}, {@link #onEndOfStream} or {@link #onReadTimeout}
   * comes between the backlog and this call. Not called once the connection is closing. The default
   * does nothing.
   */
  default void onWritable() throws IOException {}

  /**
   * The read timeout set through {@link SessionContext#readTimeout} passed with no data. The
   * default closes the connection.
   */
  default void onReadTimeout(SessionContext context) throws IOException {
    context.close();
  }

  /** The connection is closed, whoever closed it; release resources here. Called once. */
  default void onClose() {}
}
