package io.capas.rpc;

import static com.google.common.base.Preconditions.checkArgument;

import java.time.Duration;

/**
 * Settings of the framed XML-RPC server binding ({@link RpcServer#framed}): what one connection may
 * cost. Immutable and thread-safe.
 *
 * @param maxFrameBytes the largest request frame (a larger declared length closes the connection)
 * @param idleTimeout how long a connection may wait, between frames, for the next one; then it is
 *     closed, so that connections that send nothing cannot hold the server's connection slots
 * @param headerTimeout how long the 4-byte length header of a frame may take, from its first byte
 * @param frameTimeout how long a whole frame may take, from its first byte, in total: a client
 *     sending one byte a second cannot hold the connection
 * @param maxConsecutiveErrors frames in a row that are not XML-RPC calls (a zero-length frame, bad
 *     XML: each answered with a parse fault) before the connection is closed, once those answers
 *     are sent
 */
public record FramedServerSettings(
    int maxFrameBytes,
    Duration idleTimeout,
    Duration headerTimeout,
    Duration frameTimeout,
    int maxConsecutiveErrors) {
  private static final FramedServerSettings DEFAULTS =
      new FramedServerSettings(
          FramedServerBinding.DEFAULT_MAX_FRAME,
          Duration.ofSeconds(60),
          Duration.ofSeconds(10),
          Duration.ofSeconds(30),
          8);

  public FramedServerSettings {
    checkArgument(maxFrameBytes >= 0, "maxFrameBytes negative: %s", maxFrameBytes);
    checkArgument(idleTimeout.isPositive(), "idleTimeout must be positive: %s", idleTimeout);
    checkArgument(headerTimeout.isPositive(), "headerTimeout must be positive: %s", headerTimeout);
    checkArgument(frameTimeout.isPositive(), "frameTimeout must be positive: %s", frameTimeout);
    checkArgument(
        maxConsecutiveErrors > 0,
        "maxConsecutiveErrors must be positive: %s",
        maxConsecutiveErrors);
  }

  /**
   * Frames of 16 MiB; 60 s idle, 10 s for a header, 30 s for a whole frame (the HTTP binding's
   * figures); 8 consecutive errors.
   */
  public static FramedServerSettings defaults() {
    return DEFAULTS;
  }

  public FramedServerSettings withMaxFrameBytes(int value) {
    return new FramedServerSettings(
        value, idleTimeout, headerTimeout, frameTimeout, maxConsecutiveErrors);
  }

  public FramedServerSettings withTimeouts(Duration idle, Duration header, Duration frame) {
    return new FramedServerSettings(maxFrameBytes, idle, header, frame, maxConsecutiveErrors);
  }

  public FramedServerSettings withMaxConsecutiveErrors(int value) {
    return new FramedServerSettings(maxFrameBytes, idleTimeout, headerTimeout, frameTimeout, value);
  }
}
