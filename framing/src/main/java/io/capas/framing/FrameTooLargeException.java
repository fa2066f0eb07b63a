package io.capas.framing;

import java.net.ProtocolException;

/** The peer declared a length above the configured maximum; nothing was allocated for it. */
public final class FrameTooLargeException extends ProtocolException {
  private final long declared;
  private final long limit;

  public FrameTooLargeException(long declared, long limit) {
    super("declared length " + declared + " exceeds the limit of " + limit + " bytes");
    this.declared = declared;
    this.limit = limit;
  }

  /** The length the peer declared. */
  public long declared() {
    return declared;
  }

  /** The configured maximum. */
  public long limit() {
    return limit;
  }
}
