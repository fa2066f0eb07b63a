package io.capas.rpc;

import static java.lang.System.Logger.Level.WARNING;

import com.google.common.collect.ImmutableList;
import io.capas.transport.Session;
import io.capas.transport.SessionContext;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Tells a server's {@link ConnectionListener}s about its connections: the stream bindings hand each
 * session they open to {@link #opened}, and each connection they refuse to {@link #rejected}.
 * Immutable and thread-safe.
 */
final class ConnectionEvents {
  private static final System.Logger LOGGER = System.getLogger(ConnectionEvents.class.getName());

  static final ConnectionEvents NONE = new ConnectionEvents(List.of());

  private final ImmutableList<ConnectionListener> listeners;

  ConnectionEvents(List<ConnectionListener> listeners) {
    this.listeners = ImmutableList.copyOf(listeners);
  }

  /**
   * {@code session}, opened for {@code context}'s connection over {@code binding}: the listeners
   * hear it now and hear it closed after its {@link Session#onClose()}. Without listeners, {@code
   * session} itself.
   */
  Session opened(String binding, SessionContext context, Session session) {
    if (listeners.isEmpty()) {
      return session;
    }
    ConnectionListener.Connection connection = connection(binding, context);
    for (ConnectionListener listener : listeners) {
      try {
        listener.opened(connection);
      } catch (RuntimeException e) {
        LOGGER.log(WARNING, () -> "a connection listener failed: " + e);
      }
    }
    return new Listened(session, connection);
  }

  /** {@code context}'s connection over {@code binding} is refused for {@code reason}. */
  void rejected(String binding, SessionContext context, String reason) {
    if (listeners.isEmpty()) {
      return;
    }
    ConnectionListener.Connection connection = connection(binding, context);
    for (ConnectionListener listener : listeners) {
      try {
        listener.rejected(connection, reason);
      } catch (RuntimeException e) {
        LOGGER.log(WARNING, () -> "a connection listener failed: " + e);
      }
    }
  }

  private void closed(ConnectionListener.Connection connection) {
    for (ConnectionListener listener : listeners) {
      try {
        listener.closed(connection);
      } catch (RuntimeException e) {
        LOGGER.log(WARNING, () -> "a connection listener failed: " + e);
      }
    }
  }

  private static ConnectionListener.Connection connection(String binding, SessionContext context) {
    return new ConnectionListener.Connection(
        binding, context.localAddress(), context.remoteAddress());
  }

  /** A session whose close the listeners hear. Not thread-safe; one per connection. */
  private final class Listened implements Session {
    private final Session session;
    private final ConnectionListener.Connection connection;

    Listened(Session session, ConnectionListener.Connection connection) {
      this.session = session;
      this.connection = connection;
    }

    @Override
    public void onData(ByteBuffer data) throws IOException {
      session.onData(data);
    }

    @Override
    public void onEndOfStream() throws IOException {
      session.onEndOfStream();
    }

    @Override
    public void onWritable() throws IOException {
      session.onWritable();
    }

    @Override
    public void onReadTimeout(SessionContext context) throws IOException {
      session.onReadTimeout(context);
    }

    @Override
    public void onClose() {
      try {
        session.onClose();
      } finally {
        closed(connection);
      }
    }
  }
}
