package io.capas.http;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.util.Arrays;

/**
 * Parses a complete head (found by {@link HeadScanner}) strictly, as RFC 9112 asks of a server that
 * wants no request smuggling: lines end in CRLF (a bare LF or a bare CR is a 400), exactly one
 * space between the parts of the first line, header names are tokens with no whitespace before the
 * colon, obsolete line folding is refused (§5.2), values hold no control characters. Thread-safe
 * (stateless).
 */
final class HeadParser {
  private static final String[] COMMON_NAMES = {
    "Host", "Content-Length", "Content-Type", "Connection", "User-Agent", "Accept-Encoding",
    "Content-Encoding", "Transfer-Encoding", "Accept", "Date", "Server", "Expect"
  };

  private HeadParser() {}

  static RequestHead parseRequest(byte[] a, int from, int to) throws HttpException {
    int eol = lineEnd(a, from, to);
    int sp1 = indexOf(a, from, eol, ' ');
    if (sp1 <= from) {
      throw HttpException.badRequest("malformed request line");
    }
    for (int i = from; i < sp1; i++) {
      if (!Ascii.isTchar(a[i])) {
        throw HttpException.badRequest("invalid character in method");
      }
    }
    int sp2 = indexOf(a, sp1 + 1, eol, ' ');
    if (sp2 < 0 || sp2 == sp1 + 1) {
      throw HttpException.badRequest("malformed request line");
    }
    for (int i = sp1 + 1; i < sp2; i++) {
      if (!Ascii.isTargetChar(a[i] & 0xff)) {
        throw HttpException.badRequest("invalid character in request target");
      }
    }
    HttpVersion version = version(a, sp2 + 1, eol, true);
    String method = method(a, from, sp1);
    String target = new String(a, sp1 + 1, sp2 - sp1 - 1, ISO_8859_1);
    Headers headers = headers(a, eol + 2, to);
    if (version == HttpVersion.HTTP_1_1) {
      // RFC 9112 §3.2: a 1.1 request without exactly one Host is a 400.
      int hosts = headers.count("Host");
      if (hosts != 1) {
        throw HttpException.badRequest(
            hosts == 0 ? "missing Host header" : "more than one Host header");
      }
    }
    return new RequestHead(method, target, version, headers);
  }

  static ResponseHead parseResponse(byte[] a, int from, int to) throws HttpException {
    int eol = lineEnd(a, from, to);
    int sp1 = indexOf(a, from, eol, ' ');
    if (sp1 < 0) {
      throw HttpException.badRequest("malformed status line");
    }
    HttpVersion version = version(a, from, sp1, false);
    if (eol - sp1 < 4 || (eol - sp1 > 4 && a[sp1 + 4] != ' ')) {
      throw HttpException.badRequest("malformed status line");
    }
    int code = 0;
    for (int i = sp1 + 1; i < sp1 + 4; i++) {
      if (a[i] < '0' || a[i] > '9') {
        throw HttpException.badRequest("status code is not three digits");
      }
      code = code * 10 + (a[i] - '0');
    }
    // RFC 9112 §4: the reason phrase may be empty; a missing space before it is tolerated
    // because a client should ignore the reason anyway.
    int reasonStart = Math.min(eol, sp1 + 5);
    for (int i = reasonStart; i < eol; i++) {
      if (!Ascii.isFieldValueChar(a[i] & 0xff)) {
        throw HttpException.badRequest("invalid character in reason phrase");
      }
    }
    if (code < 100) {
      throw HttpException.badRequest("status code below 100");
    }
    HttpStatus known = HttpStatus.of(code);
    // The usual reason phrase is matched in place, so the common response makes no string for it.
    HttpStatus status =
        eol - reasonStart == known.reason().length() && matches(a, reasonStart, known.reason())
            ? known
            : new HttpStatus(code, new String(a, reasonStart, eol - reasonStart, ISO_8859_1));
    return new ResponseHead(version, status, headers(a, eol + 2, to));
  }

  private static Headers headers(byte[] a, int from, int to) throws HttpException {
    String[] fields = new String[16];
    int size = 0;
    int at = from;
    // Bounded: each pass consumes one line; the head ends with an empty line.
    while (true) {
      int eol = lineEnd(a, at, to);
      if (eol == at) {
        return Headers.ofValidated(fields, size);
      }
      if (a[at] == ' ' || a[at] == '\t') {
        throw HttpException.badRequest("obsolete line folding is not accepted");
      }
      int colon = indexOf(a, at, eol, ':');
      if (colon < 0) {
        throw HttpException.badRequest("header line without a colon");
      }
      if (colon == at) {
        throw HttpException.badRequest("empty header name");
      }
      for (int i = at; i < colon; i++) {
        if (!Ascii.isTchar(a[i])) {
          throw HttpException.badRequest(
              a[i] == ' ' || a[i] == '\t'
                  ? "whitespace before the colon of a header"
                  : "invalid character in header name");
        }
      }
      int vs = colon + 1;
      int ve = eol;
      while (vs < ve && (a[vs] == ' ' || a[vs] == '\t')) {
        vs++;
      }
      while (ve > vs && (a[ve - 1] == ' ' || a[ve - 1] == '\t')) {
        ve--;
      }
      for (int i = vs; i < ve; i++) {
        if (!Ascii.isFieldValueChar(a[i] & 0xff)) {
          throw HttpException.badRequest("invalid character in the value of a header");
        }
      }
      if (2 * size + 2 > fields.length) {
        fields = Arrays.copyOf(fields, fields.length * 2);
      }
      fields[2 * size] = name(a, at, colon);
      fields[2 * size + 1] = new String(a, vs, ve - vs, ISO_8859_1);
      size++;
      at = eol + 2;
    }
  }

  /** The index of the CR of the CRLF ending the line at {@code from}; bare CR or LF is a 400. */
  private static int lineEnd(byte[] a, int from, int to) throws HttpException {
    for (int i = from; i < to; i++) {
      byte b = a[i];
      if (b == '\r') {
        if (i + 1 < to && a[i + 1] == '\n') {
          return i;
        }
        throw HttpException.badRequest("bare CR in head");
      }
      if (b == '\n') {
        throw HttpException.badRequest("bare LF in head (CRLF required)");
      }
    }
    throw HttpException.badRequest("unterminated line in head");
  }

  private static HttpVersion version(byte[] a, int from, int to, boolean request)
      throws HttpException {
    if (to - from == 8
        && a[from] == 'H'
        && a[from + 1] == 'T'
        && a[from + 2] == 'T'
        && a[from + 3] == 'P'
        && a[from + 4] == '/'
        && isDigit(a[from + 5])
        && a[from + 6] == '.'
        && isDigit(a[from + 7])) {
      if (a[from + 5] == '1' && a[from + 7] == '1') {
        return HttpVersion.HTTP_1_1;
      }
      if (a[from + 5] == '1' && a[from + 7] == '0') {
        return HttpVersion.HTTP_1_0;
      }
      if (request) {
        throw new HttpException(
            HttpStatus.VERSION_NOT_SUPPORTED,
            "version " + new String(a, from, 8, ISO_8859_1) + " is not supported",
            true);
      }
      if (a[from + 5] == '1') {
        return HttpVersion.HTTP_1_1; // RFC 9110 §6.2: a higher 1.x minor is read as 1.1.
      }
      throw HttpException.badRequest("unsupported response version");
    }
    throw HttpException.badRequest("malformed HTTP version");
  }

  private static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }

  private static int indexOf(byte[] a, int from, int to, char c) {
    for (int i = from; i < to; i++) {
      if (a[i] == c) {
        return i;
      }
    }
    return -1;
  }

  private static String method(byte[] a, int from, int to) {
    if (to - from == 4
        && a[from] == 'P'
        && a[from + 1] == 'O'
        && a[from + 2] == 'S'
        && a[from + 3] == 'T') {
      return "POST";
    }
    if (to - from == 3 && a[from] == 'G' && a[from + 1] == 'E' && a[from + 2] == 'T') {
      return "GET";
    }
    return new String(a, from, to - from, ISO_8859_1);
  }

  /** Reuses the constant for common names sent in their usual case (saves an allocation each). */
  private static String name(byte[] a, int from, int to) {
    int length = to - from;
    for (String common : COMMON_NAMES) {
      if (common.length() == length && matches(a, from, common)) {
        return common;
      }
    }
    return new String(a, from, length, ISO_8859_1);
  }

  private static boolean matches(byte[] a, int from, String s) {
    for (int i = 0; i < s.length(); i++) {
      if (a[from + i] != s.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
