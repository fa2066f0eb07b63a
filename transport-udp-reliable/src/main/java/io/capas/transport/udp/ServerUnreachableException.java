package io.capas.transport.udp;

import java.io.IOException;
import java.time.Duration;

/**
 * The server stayed silent through the whole retry schedule: it seems down. Says how many times the
 * request was sent and over how long.
 */
public final class ServerUnreachableException extends IOException {
  private final int attempts;
  private final Duration elapsed;

  public ServerUnreachableException(String server, int attempts, Duration elapsed) {
    super(
        String.format(
            "server %s seems down: no answer after %d attempts over %d ms",
            server, attempts, elapsed.toMillis()));
    this.attempts = attempts;
    this.elapsed = elapsed;
  }

  /** How many times the request (or a probe for its reply) was sent. */
  public int attempts() {
    return attempts;
  }

  /** From the first send until giving up. */
  public Duration elapsed() {
    return elapsed;
  }
}
