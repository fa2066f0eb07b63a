package io.capas.rpc;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.capas.transport.Session;
import io.capas.transport.SessionContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * One HTTP/1.1 connection of the XML-RPC server, driven by pushes.
 *
 * <pre>
 *   POST /RPC2 HTTP/1.1 CRLF  headers CRLF  CRLF  body[Content-Length]   (repeat: keep-alive,
 *   HTTP/1.1 200 OK CRLF  Content-Length: n CRLF ... CRLF  body           pipelining allowed)
 * </pre>
 *
 * <p>Rules: {@code POST} on the configured paths; any other method 405 with {@code Allow: POST};
 * other paths 404; a head over the limit 431, a body over it 413, no length 411, transfer codings
 * 501, a version other than 1.0/1.1 505, anything unparsable 400 (then the connection closes,
 * since its place in the stream cannot be trusted). HTTP/1.1 keeps the connection unless {@code
 * Connection: close}; HTTP/1.0 closes unless {@code Connection: keep-alive}. {@code
 * Content-Encoding: gzip} bodies are inflated (the limit applies to the inflated size); responses
 * are gzipped when accepted and large. {@code Expect: 100-continue} is answered. A head must
 * arrive within the header timeout and a body within the body timeout, in total, so that a
 * client sending one byte a second cannot hold the connection; 408 then.
 *
 * <p>The response is written in one write from a per-connection buffer: the body is encoded after
 * a reserved headroom and the head is copied in front of it. Not thread-safe; one per connection.
 */
final class HttpSession implements Session {
  private static final int HEADROOM = 256;
  private static final int MAX_REQUESTS_PER_DATA = 100_000;
  private static final byte[] OK_PREFIX =
      ("HTTP/1.1 200 OK\r\nServer: capas\r\nContent-Type: text/xml\r\nContent-Length: ")
          .getBytes(US_ASCII);
  private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(US_ASCII);
  private static final byte[] CLOSE = "Connection: close\r\n".getBytes(US_ASCII);
  private static final byte[] KEEP_ALIVE = "Connection: keep-alive\r\n".getBytes(US_ASCII);
  private static final byte[] GZIP = "Content-Encoding: gzip\r\n".getBytes(US_ASCII);

  private enum State {
    HEAD,
    BODY,
    CLOSED
  }

  private final SessionContext context;
  private final CallProcessor calls;
  private final HttpServerSettings settings;
  private final LongSupplier nanoTime;
  private final AtomicInteger active;
  private final byte[][] paths;
  private final ByteSink out = new ByteSink(2048);
  private final byte[] head = new byte[HEADROOM];
  private final byte @org.jspecify.annotations.Nullable [] authorization;

  private State state = State.HEAD;
  private long headStart = -1;
  private long bodyStart;
  private int scanned;

  // The request being read.
  private boolean http10;
  private boolean keepAlive;
  private int contentLength;
  private boolean gzipBody;
  private boolean acceptGzip;
  private boolean expectContinue;
  private int errorStatus;

  HttpSession(
      SessionContext context,
      CallProcessor calls,
      HttpServerSettings settings,
      LongSupplier nanoTime,
      AtomicInteger active) {
    this.context = context;
    this.calls = calls;
    this.settings = settings;
    this.nanoTime = nanoTime;
    this.active = active;
    this.paths = settings.paths().stream().map(p -> p.getBytes(US_ASCII)).toArray(byte[][]::new);
    this.authorization =
        settings.basicAuthorization().isEmpty()
            ? null
            : settings.basicAuthorization().getBytes(US_ASCII);
    context.readTimeout(settings.idleTimeout());
  }

  @Override
  public void onData(ByteBuffer data) throws IOException {
    for (int i = 0; i < MAX_REQUESTS_PER_DATA; i++) {
      if (state == State.CLOSED) {
        data.position(data.limit());
        return;
      }
      if (state == State.HEAD) {
        skipEmptyLines(data);
        if (!data.hasRemaining()) {
          headStart = -1;
          context.readTimeout(settings.idleTimeout());
          return;
        }
        int end = findHeadEnd(data);
        if (end < 0) {
          if (data.remaining() > settings.maxHeadBytes()) {
            fail(data, 431, "Request Header Fields Too Large");
            return;
          }
          waitFor(true);
          return;
        }
        scanned = 0;
        headStart = -1;
        if (!parseHead(data, data.position(), data.position() + end)) {
          return;
        }
        data.position(data.position() + end);
        state = State.BODY;
        bodyStart = nanoTime.getAsLong();
        if (expectContinue && data.remaining() < contentLength && errorStatus == 0) {
          context.write(ByteBuffer.wrap(CONTINUE));
        }
      }
      if (data.remaining() < contentLength) {
        waitFor(false);
        return;
      }
      int bodyEnd = data.position() + contentLength;
      respond(data, data.position(), contentLength);
      if (state == State.CLOSED) {
        data.position(data.limit());
        return;
      }
      data.position(bodyEnd);
      state = State.HEAD;
    }
  }

  private void waitFor(boolean inHead) {
    long now = nanoTime.getAsLong();
    Duration limit;
    long start;
    if (inHead) {
      if (headStart < 0) {
        headStart = now;
      }
      start = headStart;
      limit = settings.headerTimeout();
    } else {
      start = bodyStart;
      limit = settings.bodyTimeout();
    }
    long left = limit.toNanos() - (now - start);
    // At least 1 ms so that a passed deadline still fires through onReadTimeout.
    context.readTimeout(Duration.ofNanos(Math.max(left, 1_000_000)));
  }

  @Override
  public void onReadTimeout(SessionContext ctx) throws IOException {
    if (state == State.HEAD && headStart < 0) {
      close();
      return;
    }
    errorResponse(408, "Request Timeout", true);
    close();
  }

  @Override
  public void onEndOfStream() {
    close();
  }

  @Override
  public void onClose() {
    state = State.CLOSED;
    active.decrementAndGet();
  }

  private void close() {
    state = State.CLOSED;
    context.close();
  }

  private void skipEmptyLines(ByteBuffer data) {
    // RFC 9112 section 2.2: a server SHOULD ignore empty lines received before the request line.
    int p = data.position();
    int limit = data.limit();
    while (p < limit && (data.get(p) == '\r' || data.get(p) == '\n') && p - data.position() < 64) {
      p++;
    }
    data.position(p);
  }

  /** The length of the head including its blank line, or -1 if it has not all arrived. */
  private int findHeadEnd(ByteBuffer data) {
    int start = data.position();
    int limit = Math.min(data.limit(), start + settings.maxHeadBytes() + 4);
    for (int p = Math.max(start + 3, start + scanned); p < limit; p++) {
      if (data.get(p) == '\n'
          && data.get(p - 1) == '\r'
          && data.get(p - 2) == '\n'
          && data.get(p - 3) == '\r') {
        return p + 1 - start;
      }
    }
    scanned = Math.max(0, limit - start - 3);
    return -1;
  }

  /** Parses the head in {@code [from, to)}; false when the connection was failed. */
  private boolean parseHead(ByteBuffer data, int from, int to) throws IOException {
    int lineEnd = indexOf(data, from, to, (byte) '\r');
    int sp1 = indexOf(data, from, lineEnd, (byte) ' ');
    int sp2 = sp1 < 0 ? -1 : indexOf(data, sp1 + 1, lineEnd, (byte) ' ');
    if (sp1 <= from || sp2 < 0 || sp2 == sp1 + 1 || data.get(lineEnd + 1) != '\n') {
      fail(data, 400, "Bad Request");
      return false;
    }
    int version = parseVersion(data, sp2 + 1, lineEnd);
    if (version < 0) {
      fail(data, version == -2 ? 505 : 400, version == -2 ? "HTTP Version Not Supported" : "Bad Request");
      return false;
    }
    http10 = version == 0;
    keepAlive = !http10;
    contentLength = -1;
    gzipBody = false;
    acceptGzip = false;
    expectContinue = false;
    errorStatus = 0;
    boolean chunked = false;
    boolean authorized = authorization == null;
    boolean isPost = sp1 - from == 4 && startsWith(data, from, "POST");
    boolean pathOk = matchesPath(data, sp1 + 1, sp2);
    int p = lineEnd + 2;
    for (int n = 0; p < to - 2 && n < 1000; n++) {
      int end = indexOf(data, p, to, (byte) '\r');
      if (end < 0 || data.get(end + 1) != '\n') {
        fail(data, 400, "Bad Request");
        return false;
      }
      int colon = indexOf(data, p, end, (byte) ':');
      if (colon <= p || data.get(colon - 1) == ' ' || data.get(p) == ' ' || data.get(p) == '\t') {
        // No name, whitespace before the colon (RFC 9112 5.1) or obsolete line folding: refuse.
        fail(data, 400, "Bad Request");
        return false;
      }
      int vs = colon + 1;
      while (vs < end && (data.get(vs) == ' ' || data.get(vs) == '\t')) {
        vs++;
      }
      int ve = end;
      while (ve > vs && (data.get(ve - 1) == ' ' || data.get(ve - 1) == '\t')) {
        ve--;
      }
      int nameLength = colon - p;
      if (nameIs(data, p, nameLength, "content-length")) {
        long value = parseDecimal(data, vs, ve);
        if (value < 0 || contentLength >= 0 && contentLength != value) {
          fail(data, 400, "Bad Request");
          return false;
        }
        if (value > settings.maxBodyBytes()) {
          fail(data, 413, "Content Too Large");
          return false;
        }
        contentLength = (int) value;
      } else if (nameIs(data, p, nameLength, "transfer-encoding")) {
        chunked = true;
      } else if (nameIs(data, p, nameLength, "connection")) {
        if (containsToken(data, vs, ve, "close")) {
          keepAlive = false;
        } else if (containsToken(data, vs, ve, "keep-alive")) {
          keepAlive = true;
        }
      } else if (nameIs(data, p, nameLength, "content-encoding")) {
        if (containsToken(data, vs, ve, "gzip")) {
          gzipBody = true;
        } else if (!containsToken(data, vs, ve, "identity")) {
          errorStatus = 415;
        }
      } else if (nameIs(data, p, nameLength, "accept-encoding")) {
        acceptGzip = containsToken(data, vs, ve, "gzip");
      } else if (authorization != null && nameIs(data, p, nameLength, "authorization")) {
        authorized = equalsConstantTime(data, vs, ve, authorization);
      } else if (nameIs(data, p, nameLength, "expect")) {
        expectContinue = containsToken(data, vs, ve, "100-continue");
      }
      p = end + 2;
    }
    if (chunked) {
      fail(data, 501, "Not Implemented");
      return false;
    }
    if (!authorized) {
      errorStatus = 401;
    } else if (!isPost) {
      errorStatus = 405;
    } else if (!pathOk) {
      errorStatus = 404;
    } else if (contentLength < 0 && errorStatus == 0) {
      fail(data, 411, "Length Required");
      return false;
    }
    if (contentLength < 0) {
      contentLength = 0;
    }
    return true;
  }

  private void respond(ByteBuffer data, int offset, int length) throws IOException {
    if (errorStatus != 0) {
      switch (errorStatus) {
        case 405 -> errorResponse(405, "Method Not Allowed", !keepAlive);
        case 404 -> errorResponse(404, "Not Found", !keepAlive);
        case 401 -> errorResponse(401, "Unauthorized", !keepAlive);
        default -> errorResponse(415, "Unsupported Media Type", !keepAlive);
      }
      if (!keepAlive) {
        close();
      }
      return;
    }
    InputStream body;
    if (data.hasArray()) {
      body = new ByteArrayInputStream(data.array(), data.arrayOffset() + offset, length);
    } else {
      byte[] copy = new byte[length];
      data.get(offset, copy);
      body = new ByteArrayInputStream(copy);
    }
    if (gzipBody) {
      byte[] inflated = inflate(body);
      if (inflated == null) {
        return;
      }
      body = new ByteArrayInputStream(inflated);
    }
    out.reset();
    out.write(head, 0, HEADROOM);
    calls.process(body, out);
    int bodyLength = out.size() - HEADROOM;
    ByteSink payload = out;
    boolean gzipped = false;
    if (acceptGzip && bodyLength >= settings.gzipMinBytes()) {
      payload = new ByteSink(HEADROOM + bodyLength / 2);
      payload.write(head, 0, HEADROOM);
      try (GZIPOutputStream gz = new GZIPOutputStream(payload, 8192)) {
        gz.write(out.array(), HEADROOM, bodyLength);
      }
      bodyLength = payload.size() - HEADROOM;
      gzipped = true;
    }
    int h = 0;
    System.arraycopy(OK_PREFIX, 0, head, 0, OK_PREFIX.length);
    h += OK_PREFIX.length;
    h = putDecimal(head, h, bodyLength);
    head[h++] = '\r';
    head[h++] = '\n';
    if (gzipped) {
      System.arraycopy(GZIP, 0, head, h, GZIP.length);
      h += GZIP.length;
    }
    if (!keepAlive) {
      System.arraycopy(CLOSE, 0, head, h, CLOSE.length);
      h += CLOSE.length;
    } else if (http10) {
      System.arraycopy(KEEP_ALIVE, 0, head, h, KEEP_ALIVE.length);
      h += KEEP_ALIVE.length;
    }
    head[h++] = '\r';
    head[h++] = '\n';
    byte[] buf = payload.array();
    System.arraycopy(head, 0, buf, HEADROOM - h, h);
    context.write(ByteBuffer.wrap(buf, HEADROOM - h, h + bodyLength));
    out.trim(1 << 20);
    if (!keepAlive) {
      close();
    }
  }

  private byte @org.jspecify.annotations.Nullable [] inflate(InputStream body) throws IOException {
    ByteSink inflated = new ByteSink(8192);
    byte[] chunk = new byte[8192];
    try (GZIPInputStream in = new GZIPInputStream(body)) {
      for (int n; (n = in.read(chunk)) > 0; ) {
        if (inflated.size() + n > settings.maxBodyBytes()) {
          errorResponse(413, "Content Too Large", true);
          close();
          return null;
        }
        inflated.write(chunk, 0, n);
      }
    } catch (java.util.zip.ZipException | java.io.EOFException e) {
      errorResponse(400, "Bad Request", true);
      close();
      return null;
    }
    return inflated.toByteArray();
  }

  private void fail(ByteBuffer data, int status, String reason) throws IOException {
    errorResponse(status, reason, true);
    data.position(data.limit());
    close();
  }

  private void errorResponse(int status, String reason, boolean closing) throws IOException {
    String text = status + " " + reason + "\n";
    String response =
        "HTTP/1.1 " + status + " " + reason + "\r\n"
            + "Server: capas\r\n"
            + (status == 405 ? "Allow: POST\r\n" : "")
            + (status == 401 ? "WWW-Authenticate: Basic realm=\"capas\", charset=\"UTF-8\"\r\n" : "")
            + "Content-Type: text/plain\r\n"
            + "Content-Length: " + text.length() + "\r\n"
            + (closing ? "Connection: close\r\n" : "")
            + "\r\n"
            + text;
    context.write(ByteBuffer.wrap(response.getBytes(US_ASCII)));
  }

  /** Compares without an early exit, so that timing does not reveal how much of a guess matched. */
  private static boolean equalsConstantTime(ByteBuffer data, int from, int to, byte[] expected) {
    int diff = (to - from) ^ expected.length;
    for (int i = 0; i < expected.length; i++) {
      byte actual = from + i < to ? data.get(from + i) : 0;
      diff |= actual ^ expected[i];
    }
    return diff == 0;
  }

  private boolean matchesPath(ByteBuffer data, int from, int to) {
    // Absolute form (RFC 9112 3.2.2): skip scheme and authority.
    if (to - from > 7 && startsWith(data, from, "http://")) {
      int slash = indexOf(data, from + 7, to, (byte) '/');
      if (slash < 0) {
        return false;
      }
      from = slash;
    }
    int query = indexOf(data, from, to, (byte) '?');
    if (query >= 0) {
      to = query;
    }
    for (byte[] path : paths) {
      if (path.length == to - from) {
        boolean same = true;
        for (int i = 0; i < path.length && same; i++) {
          same = data.get(from + i) == path[i];
        }
        if (same) {
          return true;
        }
      }
    }
    return false;
  }

  /** 1 for HTTP/1.1, 0 for HTTP/1.0, -2 for another HTTP version, -1 for garbage. */
  private static int parseVersion(ByteBuffer data, int from, int to) {
    if (to - from != 8 || !startsWith(data, from, "HTTP/")) {
      return -1;
    }
    byte major = data.get(from + 5);
    byte dot = data.get(from + 6);
    byte minor = data.get(from + 7);
    if (dot != '.' || major < '0' || major > '9' || minor < '0' || minor > '9') {
      return -1;
    }
    if (major == '1' && (minor == '1' || minor == '0')) {
      return minor - '0';
    }
    return -2;
  }

  private static long parseDecimal(ByteBuffer data, int from, int to) {
    if (from == to || to - from > 12) {
      return -1;
    }
    long value = 0;
    for (int i = from; i < to; i++) {
      byte b = data.get(i);
      if (b < '0' || b > '9') {
        return -1;
      }
      value = value * 10 + (b - '0');
    }
    return value;
  }

  private static boolean containsToken(ByteBuffer data, int from, int to, String token) {
    int n = token.length();
    for (int i = from; i + n <= to; i++) {
      boolean match = true;
      for (int j = 0; j < n && match; j++) {
        match = lower(data.get(i + j)) == token.charAt(j);
      }
      if (match) {
        boolean startOk = i == from || data.get(i - 1) == ',' || data.get(i - 1) == ' ';
        boolean endOk =
            i + n == to || data.get(i + n) == ',' || data.get(i + n) == ' ' || data.get(i + n) == ';';
        if (startOk && endOk) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean nameIs(ByteBuffer data, int from, int length, String lowerName) {
    if (length != lowerName.length()) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (lower(data.get(from + i)) != lowerName.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static int lower(byte b) {
    return b >= 'A' && b <= 'Z' ? b + 32 : b;
  }

  private static boolean startsWith(ByteBuffer data, int from, String prefix) {
    for (int i = 0; i < prefix.length(); i++) {
      if (data.get(from + i) != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(ByteBuffer data, int from, int to, byte b) {
    for (int i = from; i < to; i++) {
      if (data.get(i) == b) {
        return i;
      }
    }
    return -1;
  }

  private static int putDecimal(byte[] dst, int at, int value) {
    if (value == 0) {
      dst[at] = '0';
      return at + 1;
    }
    int digits = 0;
    for (int v = value; v > 0; v /= 10) {
      digits++;
    }
    for (int i = at + digits - 1, v = value; i >= at; i--, v /= 10) {
      dst[i] = (byte) ('0' + v % 10);
    }
    return at + digits;
  }
}
