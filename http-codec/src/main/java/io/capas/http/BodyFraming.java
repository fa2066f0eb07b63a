package io.capas.http;

import java.util.List;
import java.util.Locale;

/**
 * How a message's body is delimited (RFC 9112 §6.3), with the checks where request smuggling lives:
 * Content-Length together with Transfer-Encoding, conflicting or malformed Content-Length values,
 * transfer codings other than a final {@code chunked}.
 *
 * @param kind how the body ends
 * @param length the byte count for {@link Kind#FIXED}, else -1
 * @param closesConnection whether the connection cannot carry another message after this one
 */
record BodyFraming(Kind kind, long length, boolean closesConnection) {
  enum Kind {
    NONE,
    FIXED,
    CHUNKED,
    UNTIL_CLOSE
  }

  static final BodyFraming NONE = new BodyFraming(Kind.NONE, -1, false);
  static final BodyFraming CHUNKED = new BodyFraming(Kind.CHUNKED, -1, false);
  static final BodyFraming CHUNKED_THEN_CLOSE = new BodyFraming(Kind.CHUNKED, -1, true);
  static final BodyFraming UNTIL_CLOSE = new BodyFraming(Kind.UNTIL_CLOSE, -1, true);

  private static BodyFraming fixed(long length) {
    return length == 0 ? NONE : new BodyFraming(Kind.FIXED, length, false);
  }

  static BodyFraming forRequest(RequestHead head, HttpLimits limits) throws HttpException {
    Headers h = head.headers();
    List<String> te = h.all("Transfer-Encoding");
    boolean cl = h.contains("Content-Length");
    if (!te.isEmpty()) {
      if (cl) {
        throw HttpException.badRequest("both Content-Length and Transfer-Encoding");
      }
      if (head.version() == HttpVersion.HTTP_1_0) {
        // RFC 9112 §6.1: Transfer-Encoding in HTTP/1.0 means the framing is faulty.
        throw HttpException.badRequest("Transfer-Encoding in an HTTP/1.0 request");
      }
      checkChunkedLast(te, true);
      return CHUNKED;
    }
    if (cl) {
      return fixed(contentLength(h, limits));
    }
    return NONE;
  }

  static BodyFraming forResponse(ResponseHead head, String requestMethod, HttpLimits limits)
      throws HttpException {
    if (requestMethod.equals("HEAD") || head.status().forbidsBody()) {
      return NONE;
    }
    Headers h = head.headers();
    List<String> te = h.all("Transfer-Encoding");
    boolean cl = h.contains("Content-Length");
    if (!te.isEmpty()) {
      if (!checkChunkedLast(te, false)) {
        return UNTIL_CLOSE; // §6.3 item 4
      }
      // §6.3 item 3: Transfer-Encoding overrides Content-Length. A request with both is refused
      // (smuggling, above); a response with both, as Perl's RPC::XML::Server sends for answers
      // over 1 MiB, is read by its chunks and the connection then closed, as Python and curl do,
      // since its framing is suspect. §6.1: the same for Transfer-Encoding in HTTP/1.0.
      return cl || head.version() == HttpVersion.HTTP_1_0 ? CHUNKED_THEN_CLOSE : CHUNKED;
    }
    if (cl) {
      return fixed(contentLength(h, limits));
    }
    return UNTIL_CLOSE;
  }

  /** Whether the codings end in chunked; only {@code chunked} alone is implemented. */
  private static boolean checkChunkedLast(List<String> values, boolean request)
      throws HttpException {
    int chunked = 0;
    String last = "";
    int count = 0;
    for (String value : values) {
      for (String coding : Headers.elements(value)) {
        last = coding.toLowerCase(Locale.ROOT);
        count++;
        if (last.equals("chunked")) {
          chunked++;
        }
      }
    }
    if (count == 0) {
      throw HttpException.badRequest("empty Transfer-Encoding");
    }
    if (!last.equals("chunked")) {
      if (request) {
        // RFC 9112 §6.3 item 4: the length of such a request cannot be determined.
        throw HttpException.badRequest("chunked is not the final transfer coding");
      }
      return false;
    }
    if (chunked > 1) {
      throw HttpException.badRequest("chunked applied more than once");
    }
    if (count > 1) {
      throw new HttpException(
          HttpStatus.NOT_IMPLEMENTED,
          "transfer codings other than chunked are not implemented",
          true);
    }
    return true;
  }

  /** One value, or several that are all the same (RFC 9110 §8.6); digits only. */
  private static long contentLength(Headers headers, HttpLimits limits) throws HttpException {
    long result = -1;
    for (int i = 0; i < headers.size(); i++) {
      if (!headers.name(i).equalsIgnoreCase("Content-Length")) {
        continue;
      }
      String value = headers.value(i);
      // The common case, one plain number, is parsed without splitting.
      for (String part : value.indexOf(',') < 0 ? new String[] {value} : value.split(",", -1)) {
        long n = parseLength(part.strip());
        if (result >= 0 && n != result) {
          throw HttpException.badRequest("conflicting Content-Length values");
        }
        result = n;
      }
    }
    if (result > limits.maxBody()) {
      throw new HttpException(
          HttpStatus.CONTENT_TOO_LARGE,
          "body of " + result + " bytes exceeds the limit of " + limits.maxBody(),
          true);
    }
    return result;
  }

  private static long parseLength(String s) throws HttpException {
    if (s.isEmpty()) {
      throw HttpException.badRequest("empty Content-Length");
    }
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        throw HttpException.badRequest("Content-Length is not a non-negative decimal number");
      }
      n = n * 10 + (c - '0');
      if (n > Integer.MAX_VALUE) {
        // Far above any limit; stop before overflowing.
        throw new HttpException(HttpStatus.CONTENT_TOO_LARGE, "Content-Length is too large", true);
      }
    }
    return n;
  }
}
