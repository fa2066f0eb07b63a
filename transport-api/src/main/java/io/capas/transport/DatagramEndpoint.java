package io.capas.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * A datagram socket as the reliable UDP layer sees it, so that tests can swap in a lossy in-memory
 * network. Sending and receiving may happen from different threads; {@link #close()} is idempotent
 * and wakes a blocked receiver.
 */
public interface DatagramEndpoint extends AutoCloseable {

  /** Sends one datagram; never blocks for long. */
  void send(byte[] data, InetSocketAddress to) throws IOException;

  /**
   * Receives one datagram, waiting at most {@code timeout} ({@link Duration#ZERO}: no bound).
   *
   * @throws java.net.SocketTimeoutException nothing arrived in time
   */
  Datagram receive(Duration timeout) throws IOException;

  InetSocketAddress localAddress();

  @Override
  void close();
}
