package io.capas.hftp;

import java.net.ProtocolException;

/**
 * A request the server must refuse, carrying the status to answer with: fatal ones ({@code 100},
 * {@code 101}) come from the {@link RequestDecoder}, the others ({@code 200}, {@code 201}, {@code
 * 202}) from the {@link RequestParser}.
 */
final class RequestException extends ProtocolException {
  private static final long serialVersionUID = 1L;

  private final HftpStatus status;

  RequestException(HftpStatus status, String detail) {
    super(status + ": " + detail);
    this.status = status;
  }

  HftpStatus status() {
    return status;
  }
}
