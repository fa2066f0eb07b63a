package io.capas.transport.udp;

import java.net.ProtocolException;

/** A message is larger than the configured maximum ({@link ReliableUdpConfig#maxMessageSize()}). */
public final class MessageTooLargeException extends ProtocolException {
  public MessageTooLargeException(long size, long limit) {
    super("message of " + size + " bytes exceeds the limit of " + limit + " bytes");
  }
}
