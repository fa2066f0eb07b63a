package io.capas.hftp;

import java.util.Optional;

/**
 * The status codes of HFTP: {@code 0} is success, {@code 1xx} are fatal (the server answers, then
 * closes the connection), {@code 2xx} are not fatal (the connection stays usable).
 *
 * <p>Immutable and thread-safe.
 */
public enum HftpStatus {
  OK(0, "OK"),
  BAD_EOL(100, "BAD EOL"),
  BAD_REQUEST(101, "BAD REQUEST"),
  INTERNAL_SERVER_ERROR(199, "INTERNAL SERVER ERROR"),
  NO_SUCH_COMMAND(200, "NO SUCH COMMAND"),
  INVALID_ARGUMENTS(201, "INVALID ARGUMENTS FOR COMMAND"),
  FILE_NOT_FOUND(202, "FILE NOT FOUND"),
  OFFSET_EXCEEDS_FILE_SIZE(203, "OFFSET EXCEEDS FILE SIZE");

  private final int code;
  private final String description;

  HftpStatus(int code, String description) {
    this.code = code;
    this.description = description;
  }

  public int code() {
    return code;
  }

  public String description() {
    return description;
  }

  /** Whether the server closes the connection after answering with this status. */
  public boolean fatal() {
    return code >= 100 && code < 200;
  }

  /** The status with this code, if HFTP defines one. */
  public static Optional<HftpStatus> ofCode(int code) {
    for (HftpStatus status : values()) {
      if (status.code == code) {
        return Optional.of(status);
      }
    }
    return Optional.empty();
  }

  /** The status line as sent, without its {@code \r\n}: {@code "202 FILE NOT FOUND"}. */
  @Override
  public String toString() {
    return code + " " + description;
  }
}
