package io.capas.transport;

import java.io.IOException;

/**
 * A transport of whole request and response messages (reliable UDP; length-prefixed frames over a
 * byte stream). Safe for concurrent use.
 */
public interface MessageTransport {

  /** Opens a channel for calls to {@code remote}. */
  RequestChannel open(Endpoint remote) throws IOException;

  /** Serves {@code handler} on {@code local} (port 0 picks a free port). */
  Server serve(Endpoint local, RequestHandler handler) throws IOException;
}
