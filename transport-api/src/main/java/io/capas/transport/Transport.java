package io.capas.transport;

import java.io.IOException;

/**
 * A byte-stream transport: opens client connections and serves push sessions.
 *
 * <p>Implementations are safe for concurrent use. Which implementation runs (TCP under one of its
 * server models, in-memory in tests) is decided by the Dagger component, never by the layers above.
 */
public interface Transport extends Dialer {

  /**
   * Starts serving on {@code local} (port 0 picks a free port): every accepted connection gets its
   * own {@link Session} from {@code sessions}. Returns once the server accepts connections.
   */
  Server serve(Endpoint local, SessionFactory sessions) throws IOException;
}
