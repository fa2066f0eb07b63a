package io.capas.http;

/**
 * A status code and its reason phrase. Immutable and thread-safe.
 *
 * @param code three digits, 100 to 999
 * @param reason the reason phrase (may be empty; no CR, LF or other control characters)
 */
public record HttpStatus(int code, String reason) {
  public static final HttpStatus CONTINUE = new HttpStatus(100, "Continue");
  public static final HttpStatus OK = new HttpStatus(200, "OK");
  public static final HttpStatus NO_CONTENT = new HttpStatus(204, "No Content");
  public static final HttpStatus BAD_REQUEST = new HttpStatus(400, "Bad Request");
  public static final HttpStatus NOT_FOUND = new HttpStatus(404, "Not Found");
  public static final HttpStatus METHOD_NOT_ALLOWED = new HttpStatus(405, "Method Not Allowed");
  public static final HttpStatus LENGTH_REQUIRED = new HttpStatus(411, "Length Required");
  public static final HttpStatus CONTENT_TOO_LARGE = new HttpStatus(413, "Content Too Large");
  public static final HttpStatus URI_TOO_LONG = new HttpStatus(414, "URI Too Long");
  public static final HttpStatus UNSUPPORTED_MEDIA_TYPE =
      new HttpStatus(415, "Unsupported Media Type");
  public static final HttpStatus HEADER_FIELDS_TOO_LARGE =
      new HttpStatus(431, "Request Header Fields Too Large");
  public static final HttpStatus INTERNAL_SERVER_ERROR =
      new HttpStatus(500, "Internal Server Error");
  public static final HttpStatus NOT_IMPLEMENTED = new HttpStatus(501, "Not Implemented");
  public static final HttpStatus SERVICE_UNAVAILABLE = new HttpStatus(503, "Service Unavailable");
  public static final HttpStatus VERSION_NOT_SUPPORTED =
      new HttpStatus(505, "HTTP Version Not Supported");

  private static final HttpStatus[] KNOWN = {
    CONTINUE,
    OK,
    NO_CONTENT,
    BAD_REQUEST,
    NOT_FOUND,
    METHOD_NOT_ALLOWED,
    LENGTH_REQUIRED,
    CONTENT_TOO_LARGE,
    URI_TOO_LONG,
    UNSUPPORTED_MEDIA_TYPE,
    HEADER_FIELDS_TOO_LARGE,
    INTERNAL_SERVER_ERROR,
    NOT_IMPLEMENTED,
    SERVICE_UNAVAILABLE,
    VERSION_NOT_SUPPORTED
  };

  public HttpStatus {
    if (code < 100 || code > 999) {
      throw new IllegalArgumentException("status code must have three digits: " + code);
    }
    for (int i = 0; i < reason.length(); i++) {
      char c = reason.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
        throw new IllegalArgumentException("invalid character in reason phrase: " + (int) c);
      }
    }
  }

  /**
   * The status for {@code code} with its usual reason phrase (empty if this class does not know
   * it).
   */
  public static HttpStatus of(int code) {
    for (HttpStatus s : KNOWN) {
      if (s.code == code) {
        return s;
      }
    }
    return new HttpStatus(code, "");
  }

  /** Whether a response with this status never has a body (1xx, 204, 304). */
  public boolean forbidsBody() {
    return code < 200 || code == 204 || code == 304;
  }

  @Override
  public String toString() {
    return code + " " + reason;
  }
}
