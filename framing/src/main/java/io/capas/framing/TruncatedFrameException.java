package io.capas.framing;

import java.io.EOFException;

/** The stream ended inside a frame: {@link #missing()} bytes of it never arrived. */
public final class TruncatedFrameException extends EOFException {
  private final long missing;

  public TruncatedFrameException(String what, long missing) {
    super("end of stream inside " + what + ": " + missing + " byte(s) missing");
    this.missing = missing;
  }

  /** How many bytes were still expected when the stream ended (at least 1). */
  public long missing() {
    return missing;
  }
}
