package io.capas.hftp;

import java.io.IOException;

/**
 * The server answered a request with a status other than {@code 0 OK}. After a {@linkplain
 * HftpStatus#fatal() fatal} status the server has closed the connection.
 */
public final class HftpStatusException extends IOException {
  private static final long serialVersionUID = 1L;

  private final HftpStatus status;

  public HftpStatusException(HftpStatus status, String request) {
    super(status + " for " + request);
    this.status = status;
  }

  public HftpStatus status() {
    return status;
  }
}
