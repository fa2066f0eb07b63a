package io.capas.rpc;

/**
 * Sees the raw bytes of each exchange (the {@code --trace} of {@code capas call}). Called on the
 * calling thread; must be safe for concurrent use if the client is shared.
 */
public interface Tracer {
  /** The bytes of one request, as sent. */
  void sent(byte[] data, int offset, int length);

  /** The bytes of one response, as received (head and body, before decoding). */
  void received(byte[] data, int offset, int length);
}
