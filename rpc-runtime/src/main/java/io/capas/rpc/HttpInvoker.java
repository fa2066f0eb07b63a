package io.capas.rpc;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.capas.transport.Connection;
import io.capas.xmlrpc.Fault;
import io.capas.xmlrpc.MethodCall;
import io.capas.xmlrpc.MethodResponse;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.jspecify.annotations.Nullable;

/**
 * XML-RPC over HTTP/1.1, client side: POSTs the call with a Content-Length, reads the response
 * (Content-Length, chunked, or until close; gzip), and keeps the connection for reuse when both
 * sides allow it.
 *
 * <p>Retries: a call on a reused connection that fails before any response byte with an end of
 * stream or a reset is sent again once on a fresh connection (the server closed the idle
 * connection, so the request cannot have been processed: see {@link #isStale}). Nothing else is
 * retried. Safe for concurrent use: each call takes its own connection from the pool.
 */
final class HttpInvoker implements Invoker {
  private final HttpClientSettings settings;
  private final ArrayDeque<Pooled> idle = new ArrayDeque<>();
  private final String target;
  private final byte[] headPrefix;
  private boolean closed;

  private record Pooled(Connection connection, byte[] buffer, long idleSince) {}

  HttpInvoker(HttpClientSettings settings) {
    this.settings = settings;
    this.target = settings.endpoint().toString();
    String host = settings.endpoint().toString();
    this.headPrefix =
        ("POST " + settings.path() + " HTTP/1.1\r\n"
                + "Host: " + host + "\r\n"
                + "User-Agent: capas\r\n"
                + "Content-Type: text/xml\r\n"
                + (settings.acceptGzip() ? "Accept-Encoding: gzip\r\n" : "")
                + (settings.basicAuthorization().isEmpty()
                    ? ""
                    : "Authorization: " + settings.basicAuthorization() + "\r\n")
                + "Content-Length: ")
            .getBytes(US_ASCII);
  }

  @Override
  public String target() {
    return settings.url();
  }

  @Override
  public @Nullable Object invoke(String method, List<@Nullable Object> params, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    ByteSink request = new ByteSink(512);
    request.write(headPrefix, 0, headPrefix.length);
    int lengthAt = request.size();
    request.writeAscii("          \r\n\r\n");
    int bodyAt = request.size();
    try {
      settings.codec().writeCall(new MethodCall(method, params), request);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException("cannot encode the call of " + method + ": " + e.getMessage(), e);
    }
    int messageStart = finishHead(request, lengthAt, bodyAt);
    for (int attempt = 0; attempt < 2; attempt++) {
      Pooled pooled = takeIdle();
      boolean reused = pooled != null;
      if (pooled == null) {
        pooled = open(method, deadline, timeout);
      }
      Exchange exchange = new Exchange(pooled, deadline);
      try {
        MethodResponse response =
            exchange.run(request.array(), messageStart, request.size() - messageStart);
        if (response instanceof Fault fault) {
          throw new RpcFaultException(method, fault.code(), fault.message());
        }
        return ((MethodResponse.Success) response).value();
      } catch (IOException e) {
        pooled.connection().close();
        exchange.keep = false;
        if (reused && isStale(e, exchange.received)) {
          continue;
        }
        if (System.nanoTime() - deadline >= 0) {
          throw Failures.timeout(method, settings.url(), timeout);
        }
        throw Failures.map(e, method, settings.url(), timeout);
      } finally {
        if (exchange.keep) {
          release(pooled);
        } else {
          pooled.connection().close();
        }
      }
    }
    throw new RpcException(
        RpcException.Kind.IO, method, "stale connections to " + target + " for method " + method, null);
  }

  /**
   * Whether a failed call on a reused connection may be sent again: only when the peer ended or
   * reset the connection before any byte of the response came (it had closed the idle connection
   * before reading the request). A timeout, or a failure after response bytes, is never retried:
   * the server may have run the call.
   */
  static boolean isStale(IOException e, int bytesReceived) {
    if (bytesReceived > 0) {
      return false;
    }
    return e instanceof EOFException
        || e instanceof SocketException && !(e instanceof java.net.ConnectException);
  }

  /** Writes the Content-Length digits; returns where the message starts in the sink's array. */
  private int finishHead(ByteSink request, int lengthAt, int bodyAt) {
    int bodyLength = request.size() - bodyAt;
    byte[] all = request.array();
    String digits = Integer.toString(bodyLength);
    // Shift the head right so that the digits end just before CRLF CRLF.
    int spaces = 10 - digits.length();
    System.arraycopy(all, 0, all, spaces, lengthAt);
    for (int i = 0; i < digits.length(); i++) {
      all[spaces + lengthAt + i] = (byte) digits.charAt(i);
    }
    return spaces;
  }

  private Pooled open(String method, long deadline, Duration timeout) {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      throw Failures.timeout(method, settings.url(), timeout);
    }
    Duration connectTimeout =
        settings.connectTimeout().compareTo(Duration.ofNanos(left)) < 0
            ? settings.connectTimeout()
            : Duration.ofNanos(left);
    try {
      return new Pooled(
          settings.connector().connect(settings.endpoint(), connectTimeout), new byte[8192], 0);
    } catch (IOException e) {
      throw Failures.map(e, method, settings.url(), connectTimeout);
    }
  }

  private synchronized @Nullable Pooled takeIdle() {
    long now = System.nanoTime();
    for (int i = 0; i < 1000 && !idle.isEmpty(); i++) {
      Pooled p = idle.pollLast();
      if (now - p.idleSince() < settings.idleTimeout().toNanos()) {
        return p;
      }
      p.connection().close();
    }
    return null;
  }

  private void release(Pooled pooled) {
    synchronized (this) {
      if (!closed && idle.size() < settings.maxIdleConnections()) {
        idle.addLast(new Pooled(pooled.connection(), pooled.buffer(), System.nanoTime()));
        return;
      }
    }
    pooled.connection().close();
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      for (Pooled p : idle) {
        p.connection().close();
      }
      idle.clear();
    }
  }

  /** One request/response on one connection. Not thread-safe. */
  private final class Exchange {
    private final Pooled pooled;
    private final long deadline;
    private byte[] buf;
    private int start;
    private int end;
    private int received;
    boolean keep;

    Exchange(Pooled pooled, long deadline) {
      this.pooled = pooled;
      this.deadline = deadline;
      this.buf = pooled.buffer();
    }

    MethodResponse run(byte[] message, int offset, int length) throws IOException {
      Connection connection = pooled.connection();
      Tracer tracer = settings.tracer();
      if (tracer != null) {
        tracer.sent(message, offset, length);
      }
      OutputStream out = connection.output();
      out.write(message, offset, length);
      out.flush();
      int headEnd = readHead();
      ResponseInfo info = parseHead(headEnd);
      start = headEnd;
      int bodyStart = start;
      byte[] body = readBody(info);
      int bodyOffset = body == buf ? bodyStart : 0;
      int bodyLength = body == buf ? start - bodyStart : body.length;
      if (tracer != null) {
        tracer.received(buf, 0, start);
      }
      if (info.status != 200) {
        throw new ProtocolException(
            "HTTP " + info.status + " " + info.reason);
      }
      keep = info.keepAlive && info.delimited && start == end;
      InputStream in = new ByteArrayInputStream(body, bodyOffset, bodyLength);
      if (info.gzip) {
        in = new GZIPInputStream(in);
      }
      return settings.codec().readResponse(in);
    }

    private void fill() throws IOException {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new SocketTimeoutException("deadline passed");
      }
      if (end == buf.length) {
        int max = settings.maxHeadBytes() + (int) Math.min(settings.maxResponseBytes(), 1 << 30);
        if (buf.length >= max) {
          throw new ProtocolException("response larger than " + max + " bytes");
        }
        buf = java.util.Arrays.copyOf(buf, Math.min(max, buf.length * 2));
      }
      pooled.connection().readTimeout(Duration.ofMillis(Math.max(1, left / 1_000_000)));
      int n = pooled.connection().input().read(buf, end, buf.length - end);
      if (n < 0) {
        throw new EOFException("connection closed after " + received + " response bytes");
      }
      end += n;
      received += n;
    }

    private int readHead() throws IOException {
      int scanned = 0;
      for (int i = 0; i < 100_000; i++) {
        for (int p = Math.max(3, scanned); p < end; p++) {
          if (buf[p] == '\n' && buf[p - 1] == '\r' && buf[p - 2] == '\n' && buf[p - 3] == '\r') {
            return p + 1;
          }
        }
        scanned = end;
        if (end >= settings.maxHeadBytes()) {
          throw new ProtocolException("response head larger than " + settings.maxHeadBytes());
        }
        fill();
      }
      throw new ProtocolException("response head never ended");
    }

    private ResponseInfo parseHead(int headEnd) throws ProtocolException {
      int lineEnd = lineEnd(0, headEnd);
      // "HTTP/1.x SSS reason"
      if (lineEnd < 12 || !startsWith(0, "HTTP/1.") || buf[8] != ' ') {
        throw new ProtocolException(
            "not an HTTP/1.x response: " + abbreviate(new String(buf, 0, lineEnd, US_ASCII)));
      }
      ResponseInfo info = new ResponseInfo();
      for (int i = 9; i < 12; i++) {
        if (buf[i] < '0' || buf[i] > '9') {
          throw new ProtocolException(
              "bad status line: " + abbreviate(new String(buf, 0, lineEnd, US_ASCII)));
        }
        info.status = info.status * 10 + (buf[i] - '0');
      }
      if (info.status != 200) {
        info.reason = lineEnd > 13 ? new String(buf, 13, lineEnd - 13, US_ASCII) : "";
      }
      info.keepAlive = buf[7] == '1';
      info.contentLength = -1;
      int p = lineEnd + 2;
      for (int n = 0; n < 1000 && p < headEnd - 2; n++) {
        int end = lineEnd(p, headEnd);
        int colon = -1;
        for (int i = p; i < end; i++) {
          if (buf[i] == ':') {
            colon = i;
            break;
          }
        }
        if (colon > p) {
          int vs = colon + 1;
          while (vs < end && (buf[vs] == ' ' || buf[vs] == '\t')) {
            vs++;
          }
          int ve = end;
          while (ve > vs && (buf[ve - 1] == ' ' || buf[ve - 1] == '\t')) {
            ve--;
          }
          if (nameIs(p, colon, "content-length")) {
            long value = 0;
            if (vs == ve || ve - vs > 15) {
              throw new ProtocolException("bad Content-Length");
            }
            for (int i = vs; i < ve; i++) {
              if (buf[i] < '0' || buf[i] > '9') {
                throw new ProtocolException("bad Content-Length");
              }
              value = value * 10 + (buf[i] - '0');
            }
            info.contentLength = value;
          } else if (nameIs(p, colon, "transfer-encoding")) {
            info.chunked = contains(vs, ve, "chunked");
          } else if (nameIs(p, colon, "connection")) {
            if (contains(vs, ve, "close")) {
              info.keepAlive = false;
            } else if (contains(vs, ve, "keep-alive")) {
              info.keepAlive = true;
            }
          } else if (nameIs(p, colon, "content-encoding")) {
            info.gzip = contains(vs, ve, "gzip");
          }
        }
        p = end + 2;
      }
      info.delimited = info.chunked || info.contentLength >= 0;
      return info;
    }

    /** The index of the CR of the line starting at {@code from} (the head ends in CRLF CRLF). */
    private int lineEnd(int from, int headEnd) {
      for (int i = from; i < headEnd - 1; i++) {
        if (buf[i] == '\r' && buf[i + 1] == '\n') {
          return i;
        }
      }
      return headEnd - 2;
    }

    private boolean startsWith(int at, String prefix) {
      for (int i = 0; i < prefix.length(); i++) {
        if (buf[at + i] != prefix.charAt(i)) {
          return false;
        }
      }
      return true;
    }

    private boolean nameIs(int from, int to, String lowerName) {
      if (to - from != lowerName.length()) {
        return false;
      }
      for (int i = 0; i < lowerName.length(); i++) {
        int b = buf[from + i];
        if ((b >= 'A' && b <= 'Z' ? b + 32 : b) != lowerName.charAt(i)) {
          return false;
        }
      }
      return true;
    }

    private boolean contains(int from, int to, String lowerToken) {
      int n = lowerToken.length();
      for (int i = from; i + n <= to; i++) {
        boolean match = true;
        for (int j = 0; j < n && match; j++) {
          int b = buf[i + j];
          match = (b >= 'A' && b <= 'Z' ? b + 32 : b) == lowerToken.charAt(j);
        }
        if (match) {
          return true;
        }
      }
      return false;
    }

    private byte[] readBody(ResponseInfo info) throws IOException {
      long max = settings.maxResponseBytes();
      if (info.chunked) {
        ByteSink body = new ByteSink(4096);
        for (int i = 0; i < 1_000_000; i++) {
          int lineEnd = line();
          String sizeText = new String(buf, start, lineEnd - start - 2, US_ASCII);
          int semi = sizeText.indexOf(';');
          long size;
          try {
            size = Long.parseLong((semi >= 0 ? sizeText.substring(0, semi) : sizeText).trim(), 16);
          } catch (NumberFormatException e) {
            throw new ProtocolException("bad chunk size: " + abbreviate(sizeText));
          }
          start = lineEnd;
          if (size == 0) {
            for (int t = 0; t < 100; t++) {
              int trailer = line();
              boolean blank = trailer - start == 2;
              start = trailer;
              if (blank) {
                return body.toByteArray();
              }
            }
            throw new ProtocolException("too many trailers");
          }
          if (size < 0 || body.size() + size > max) {
            throw new ProtocolException("response body larger than " + max + " bytes");
          }
          need((int) size + 2);
          body.write(buf, start, (int) size);
          start += (int) size + 2;
        }
        throw new ProtocolException("too many chunks");
      }
      if (info.contentLength >= 0) {
        if (info.contentLength > max) {
          throw new ProtocolException("response body of " + info.contentLength + " bytes exceeds " + max);
        }
        need((int) info.contentLength);
        start += (int) info.contentLength;
        return buf; // the body is buf[start before, start): read in place
      }
      // Neither length nor chunks: the body runs to the end of the stream (HTTP/1.0 style).
      for (int i = 0; i < 10_000_000; i++) {
        if (end - start > max) {
          throw new ProtocolException("response body larger than " + max + " bytes");
        }
        try {
          fill();
        } catch (EOFException e) {
          byte[] body = java.util.Arrays.copyOfRange(buf, start, end);
          start = end;
          return body;
        }
      }
      throw new ProtocolException("response body never ended");
    }

    /** Makes sure {@code n} bytes from {@code start} are buffered. */
    private void need(int n) throws IOException {
      if (start + n > buf.length) {
        // Compact: the head stays in front for the tracer only if it fits; otherwise grow.
        buf = java.util.Arrays.copyOf(buf, start + n);
      }
      for (int i = 0; i < 10_000_000 && end - start < n; i++) {
        fill();
      }
    }

    /** The index just after the next CRLF from {@code start}. */
    private int line() throws IOException {
      for (int i = 0; i < 10_000; i++) {
        for (int p = start + 1; p < end; p++) {
          if (buf[p] == '\n' && buf[p - 1] == '\r') {
            return p + 1;
          }
        }
        if (end - start > 8192) {
          throw new ProtocolException("line too long in chunked body");
        }
        fill();
      }
      throw new ProtocolException("line never ended");
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "..." : s;
  }

  private static final class ResponseInfo {
    int status;
    String reason = "";
    long contentLength;
    boolean chunked;
    boolean keepAlive;
    boolean gzip;
    boolean delimited;
  }
}
