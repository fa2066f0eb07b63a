package io.capas.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Writes requests and responses as bytes, exactly as given plus the framing header they lack: a
 * message with neither {@code Content-Length} nor {@code Transfer-Encoding} gets {@code
 * Content-Length} (unless its status forbids a body); one that says {@code Transfer-Encoding:
 * chunked} has its body written as one chunk. Heads are written as ASCII straight into one array
 * sized exactly, with the body behind it, so a small message is one allocation and one write. For
 * bodies produced as they go, write {@link #encodeHead} with {@code Transfer-Encoding: chunked} and
 * stream through {@link #chunked}. Thread-safe (static methods only).
 */
public final class HttpWriter {
  /** Bodies above this size are written after the head instead of being copied behind it. */
  private static final int COPY_LIMIT = 64 * 1024;

  private static final byte[] CONTINUE =
      "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NO_BODY = {};
  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] LAST_CHUNK = {'0', '\r', '\n', '\r', '\n'};

  private HttpWriter() {}

  /** {@code HTTP/1.1 100 Continue} and its blank line (a fresh copy). */
  public static byte[] continueResponse() {
    return CONTINUE.clone();
  }

  /** The whole response as bytes. */
  public static byte[] encode(HttpResponse response) {
    Plan plan = Plan.of(response);
    byte[] out = new byte[plan.total()];
    plan.writeAll(out);
    return out;
  }

  /** The whole request as bytes. */
  public static byte[] encode(HttpRequest request) {
    Plan plan = Plan.of(request);
    byte[] out = new byte[plan.total()];
    plan.writeAll(out);
    return out;
  }

  /** Bytes {@link #encode(HttpResponse)} produces, without producing them. */
  public static int encodedLength(HttpResponse response) {
    return Plan.of(response).total();
  }

  /**
   * Puts the whole response into {@code out}.
   *
   * @throws BufferOverflowException if fewer than {@link #encodedLength} bytes remain (nothing is
   *     written then)
   */
  public static void put(ByteBuffer out, HttpResponse response) {
    Plan plan = Plan.of(response);
    if (out.remaining() < plan.total()) {
      throw new BufferOverflowException();
    }
    if (out.hasArray()) {
      int at = out.arrayOffset() + out.position();
      plan.writeAll(out.array(), at);
      out.position(out.position() + plan.total());
    } else {
      out.put(encode(response));
    }
  }

  /** Writes the response to {@code out} (not flushed). */
  public static void write(OutputStream out, HttpResponse response) throws IOException {
    write(out, Plan.of(response));
  }

  /** Writes the request to {@code out} (not flushed). */
  public static void write(OutputStream out, HttpRequest request) throws IOException {
    write(out, Plan.of(request));
  }

  private static void write(OutputStream out, Plan plan) throws IOException {
    if (plan.body.length <= COPY_LIMIT || plan.chunked) {
      byte[] bytes = new byte[plan.total()];
      plan.writeAll(bytes);
      out.write(bytes);
    } else {
      byte[] head = new byte[plan.headLength];
      plan.writeHead(head, 0);
      out.write(head);
      out.write(plan.body);
    }
  }

  /**
   * Bytes {@link #putHead} writes for {@code head} with {@code contentLength} (negative: no
   * Content-Length added). Lets a server reserve room in front of a body it encodes first.
   */
  public static int headLength(ResponseHead head, long contentLength) {
    return headPlan(head, contentLength).headLength;
  }

  /**
   * Puts the response head into {@code out}, adding {@code Content-Length: contentLength} unless it
   * is negative or the head already has a Content-Length or Transfer-Encoding.
   *
   * @throws BufferOverflowException if fewer than {@link #headLength} bytes remain (nothing is
   *     written then)
   */
  public static void putHead(ByteBuffer out, ResponseHead head, long contentLength) {
    put(out, headPlan(head, contentLength));
  }

  /**
   * Bytes {@link #putHead(ByteBuffer, RequestHead, long)} writes; see {@link
   * #headLength(ResponseHead, long)}.
   */
  public static int headLength(RequestHead head, long contentLength) {
    return headPlan(head, contentLength).headLength;
  }

  /**
   * Puts the request head into {@code out}, adding {@code Content-Length: contentLength} unless it
   * is negative or the head already has a Content-Length or Transfer-Encoding. With {@link
   * #headLength(RequestHead, long)} a client can encode the body first and put the head in front.
   *
   * @throws BufferOverflowException if fewer than {@link #headLength} bytes remain (nothing is
   *     written then)
   */
  public static void putHead(ByteBuffer out, RequestHead head, long contentLength) {
    put(out, headPlan(head, contentLength));
  }

  private static Plan headPlan(RequestHead head, long contentLength) {
    Headers h = head.headers();
    boolean framed = h.contains("Content-Length") || h.contains("Transfer-Encoding");
    return new Plan(requestLine(head), h, framed ? -1 : contentLength, NO_BODY, false);
  }

  private static void put(ByteBuffer out, Plan plan) {
    if (out.remaining() < plan.headLength) {
      throw new BufferOverflowException();
    }
    if (out.hasArray()) {
      plan.writeHead(out.array(), out.arrayOffset() + out.position());
      out.position(out.position() + plan.headLength);
    } else {
      byte[] bytes = new byte[plan.headLength];
      plan.writeHead(bytes, 0);
      out.put(bytes);
    }
  }

  private static Plan headPlan(ResponseHead head, long contentLength) {
    Headers h = head.headers();
    boolean framed = h.contains("Content-Length") || h.contains("Transfer-Encoding");
    return new Plan(statusLine(head), h, framed ? -1 : contentLength, NO_BODY, false);
  }

  /** The response head exactly as given (no framing header added), for streamed bodies. */
  public static byte[] encodeHead(ResponseHead head) {
    Plan plan = new Plan(statusLine(head), head.headers(), -1, NO_BODY, false);
    byte[] out = new byte[plan.headLength];
    plan.writeHead(out, 0);
    return out;
  }

  /** The request head exactly as given (no framing header added), for streamed bodies. */
  public static byte[] encodeHead(RequestHead head) {
    Plan plan = new Plan(requestLine(head), head.headers(), -1, NO_BODY, false);
    byte[] out = new byte[plan.headLength];
    plan.writeHead(out, 0);
    return out;
  }

  /**
   * An output stream writing a chunked body onto {@code out}: each write or flush sends buffered
   * bytes as a chunk, {@code close()} sends the last chunk and flushes but leaves {@code out} open.
   */
  public static OutputStream chunked(OutputStream out) {
    return new ChunkedOutputStream(out, 8192);
  }

  private static String statusLine(ResponseHead head) {
    HttpStatus s = head.status();
    if (s.code() == 200 && head.version() == HttpVersion.HTTP_1_1 && s.reason().equals("OK")) {
      return "HTTP/1.1 200 OK"; // the hot path builds no string
    }
    return head.version().text() + ' ' + s.code() + ' ' + s.reason();
  }

  private static String requestLine(RequestHead head) {
    return head.method() + ' ' + head.target() + ' ' + head.version().text();
  }

  /** The sizes and parts of one message, computed once, then copied into the output array. */
  private static final class Plan {
    final String firstLine;
    final Headers headers;
    final long autoLength;
    final byte[] body;
    final boolean chunked;
    final int headLength;

    Plan(String firstLine, Headers headers, long autoLength, byte[] body, boolean chunked) {
      this.firstLine = firstLine;
      this.headers = headers;
      this.autoLength = autoLength;
      this.body = body;
      this.chunked = chunked;
      long n = firstLine.length() + 2L;
      for (int i = 0; i < headers.size(); i++) {
        n += headers.name(i).length() + 2L + headers.value(i).length() + 2L;
      }
      if (autoLength >= 0) {
        n += "Content-Length: ".length() + digits(autoLength) + 2;
      }
      this.headLength = Math.toIntExact(n + 2);
    }

    static Plan of(HttpResponse r) {
      ResponseHead head = r.head();
      boolean noBody = head.status().forbidsBody();
      if (noBody && r.body().length > 0) {
        throw new IllegalArgumentException(
            "status " + head.status().code() + " cannot have a body");
      }
      return framed(statusLine(head), head.headers(), r.body(), !noBody);
    }

    static Plan of(HttpRequest r) {
      RequestHead head = r.head();
      String m = head.method();
      boolean wantsLength =
          r.body().length > 0 || m.equals("POST") || m.equals("PUT") || m.equals("PATCH");
      return framed(requestLine(head), head.headers(), r.body(), wantsLength);
    }

    private static Plan framed(
        String firstLine, Headers headers, byte[] body, boolean wantsLength) {
      boolean chunked = headers.hasToken("Transfer-Encoding", "chunked");
      if (chunked) {
        return new Plan(firstLine, headers, -1, body, true);
      }
      var declared = headers.first("Content-Length");
      if (declared.isPresent()) {
        if (!declared.get().equals(Integer.toString(body.length))) {
          throw new IllegalArgumentException(
              "Content-Length "
                  + declared.get()
                  + " does not match the body of "
                  + body.length
                  + " bytes");
        }
        return new Plan(firstLine, headers, -1, body, false);
      }
      return new Plan(firstLine, headers, wantsLength ? body.length : -1, body, false);
    }

    int total() {
      if (!chunked) {
        return Math.addExact(headLength, body.length);
      }
      int framing = body.length == 0 ? 0 : Integer.toHexString(body.length).length() + 4;
      return Math.addExact(headLength, body.length + framing + LAST_CHUNK.length);
    }

    void writeAll(byte[] out) {
      writeAll(out, 0);
    }

    void writeAll(byte[] out, int at) {
      at = writeHead(out, at);
      if (!chunked) {
        System.arraycopy(body, 0, out, at, body.length);
        return;
      }
      if (body.length > 0) {
        at = ascii(out, at, Integer.toHexString(body.length));
        out[at++] = '\r';
        out[at++] = '\n';
        System.arraycopy(body, 0, out, at, body.length);
        at += body.length;
        out[at++] = '\r';
        out[at++] = '\n';
      }
      System.arraycopy(LAST_CHUNK, 0, out, at, LAST_CHUNK.length);
    }

    int writeHead(byte[] out, int at) {
      at = ascii(out, at, firstLine);
      out[at++] = '\r';
      out[at++] = '\n';
      for (int i = 0; i < headers.size(); i++) {
        at = ascii(out, at, headers.name(i));
        out[at++] = ':';
        out[at++] = ' ';
        at = ascii(out, at, headers.value(i));
        out[at++] = '\r';
        out[at++] = '\n';
      }
      if (autoLength >= 0) {
        at = ascii(out, at, "Content-Length: ");
        at = decimal(out, at, autoLength);
        out[at++] = '\r';
        out[at++] = '\n';
      }
      System.arraycopy(CRLF, 0, out, at, 2);
      return at + 2;
    }
  }

  /** Copies a string whose chars are all below 256 (checked where the values were made). */
  private static int ascii(byte[] out, int at, String s) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      out[at + i] = (byte) s.charAt(i);
    }
    return at + n;
  }

  private static int decimal(byte[] out, int at, long value) {
    int n = digits(value);
    long v = value;
    for (int i = at + n - 1; i >= at; i--) {
      out[i] = (byte) ('0' + (v % 10));
      v /= 10;
    }
    return at + n;
  }

  private static int digits(long value) {
    int n = 1;
    for (long v = value; v >= 10; v /= 10) {
      n++;
    }
    return n;
  }
}
