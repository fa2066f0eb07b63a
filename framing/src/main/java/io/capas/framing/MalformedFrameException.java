package io.capas.framing;

import java.net.ProtocolException;

/** The peer sent bytes that do not follow the frame format (for example non-zero padding). */
public final class MalformedFrameException extends ProtocolException {
  public MalformedFrameException(String message) {
    super(message);
  }
}
