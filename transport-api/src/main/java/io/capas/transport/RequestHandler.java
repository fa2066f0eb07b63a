package io.capas.transport;

import java.net.InetSocketAddress;

/** Answers one request message with one reply message. Safe for concurrent use. */
@FunctionalInterface
public interface RequestHandler {
  byte[] handle(byte[] request, InetSocketAddress from) throws Exception;
}
