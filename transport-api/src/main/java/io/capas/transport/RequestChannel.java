package io.capas.transport;

import java.io.IOException;
import java.time.Duration;

/** Sends requests and waits for their replies. Safe for concurrent use: calls may overlap. */
public interface RequestChannel extends AutoCloseable {

  /**
   * Sends {@code request} and returns its reply.
   *
   * @throws java.net.SocketTimeoutException no reply within {@code deadline}
   */
  byte[] call(byte[] request, Duration deadline) throws IOException;

  @Override
  void close();
}
