package io.capas.rpc;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.WARNING;
import static java.nio.charset.StandardCharsets.US_ASCII;

import io.capas.framing.ContentLengthDecoder;
import io.capas.framing.FrameTooLargeException;
import io.capas.framing.MalformedFrameException;
import io.capas.framing.NetstringDecoder;
import io.capas.framing.ScgiHeaders;
import io.capas.http.Headers;
import io.capas.transport.Session;
import io.capas.transport.SessionContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One connection of the SCGI binding: one request (a netstring of CGI headers, then {@code
 * CONTENT_LENGTH} bytes of body), one CGI response, then the connection closes (the SCGI protocol
 * has no keep-alive).
 *
 * <p>Answers: {@code 200} with the response document (a fault included); {@code 400} for a broken
 * netstring or header block, or a body that is not all there when the peer ends its stream; {@code
 * 405} for a {@code REQUEST_METHOD} other than {@code POST}; {@code 401} with {@code
 * WWW-Authenticate} when the server asks for basic authentication and {@code HTTP_AUTHORIZATION}
 * does not pass; {@code 413} for a body over the limit and {@code 431} for a header block over the
 * limits, both before any body byte is kept. A header block or body that takes longer than its
 * timeout closes the connection.
 *
 * <p>The call's {@link CallContext} gets every CGI header under its own name ({@code REMOTE_ADDR},
 * {@code REQUEST_URI}...) and each {@code HTTP_*} one also as the HTTP header it stands for ({@code
 * HTTP_CAPAS_TIMEOUT} as {@code Capas-Timeout}), so the caller's deadline and credentials that a
 * front server passes on work as over HTTP.
 *
 * <p>The call is answered on the thread that read it when its method is declared {@linkplain
 * MethodRegistry#runInline non-blocking}, otherwise in an {@linkplain SessionContext#offload
 * offloaded} task. Not thread-safe; one instance per connection.
 */
final class ScgiSession implements Session {
  private static final System.Logger LOGGER = System.getLogger(ScgiSession.class.getName());

  /** The most body bytes of a refused request read and dropped before closing. */
  static final long MAX_DRAIN_BYTES = 64L * 1024 * 1024;

  private enum State {
    HEAD,
    BODY,
    /** Refused after its head: the answer is written, the body is read and dropped, then close. */
    DRAIN,
    DONE
  }

  private final SessionContext context;
  private final CallProcessor calls;
  private final ScgiServerSettings settings;
  private final @Nullable BasicAuth basicAuth;
  private final CallContext.Origin origin;
  private final NetstringDecoder head;
  private final long started = System.nanoTime();

  /** When the part being read (header block, then body) must be complete, in nanoTime. */
  private long deadline;

  private State state = State.HEAD;
  private @Nullable ContentLengthDecoder body;

  /** Body bytes still to drop in {@link State#DRAIN}. */
  private long drainLeft;

  private Headers headers = Headers.empty();

  ScgiSession(SessionContext context, CallProcessor calls, ScgiServerSettings settings) {
    this.context = context;
    this.calls = calls;
    this.settings = settings;
    this.basicAuth = calls.basicAuth();
    this.origin =
        new CallContext.Origin(
            "scgi",
            context.localAddress(),
            context.remoteAddress(),
            basicAuth != null,
            context.tlsSession());
    this.head = new NetstringDecoder(settings.maxHeadBytes());
    this.deadline = started + settings.headerTimeout().toNanos();
    context.readTimeout(settings.headerTimeout());
  }

  @Override
  public void onData(ByteBuffer data) throws IOException {
    if (state == State.HEAD) {
      readHead(data);
    }
    if (state == State.BODY) {
      ContentLengthDecoder decoder = body;
      Optional<byte[]> whole = decoder == null ? Optional.empty() : decoder.decode(data);
      if (whole.isPresent()) {
        state = State.DONE;
        answer(whole.get());
      }
    }
    if (state == State.DRAIN) {
      int n = (int) Math.min(data.remaining(), drainLeft);
      data.position(data.position() + n);
      drainLeft -= n;
      if (drainLeft == 0) {
        state = State.DONE;
        context.close();
      }
    }
    // Whatever follows the body (or comes after an answer) is not part of any request.
    data.position(data.limit());
    if (state != State.DONE) {
      // Each part's timeout is a total, not per read: a peer trickling bytes cannot stretch it.
      long left = deadline - System.nanoTime();
      context.readTimeout(Duration.ofNanos(Math.max(left, 1_000_000)));
    }
  }

  private void readHead(ByteBuffer data) throws IOException {
    Optional<byte[]> block;
    ScgiHeaders parsed;
    try {
      block = head.decode(data);
      if (block.isEmpty()) {
        return;
      }
      parsed = ScgiHeaders.parse(block.get(), settings.maxHeaderCount());
    } catch (FrameTooLargeException e) {
      refuse(431, "Request Header Fields Too Large", "SCGI header block: " + e.getMessage());
      return;
    } catch (MalformedFrameException e) {
      refuse(400, "Bad Request", e.getMessage());
      return;
    }
    headers = headers(parsed);
    String method = parsed.get("REQUEST_METHOD").orElse("POST");
    if (!method.equals("POST")) {
      refuse(
          405,
          "Method Not Allowed",
          "XML-RPC calls are POST requests, not " + method,
          parsed.contentLength());
      return;
    }
    BasicAuth auth = basicAuth;
    if (auth != null && !auth.check(headers)) {
      refuse(401, "Unauthorized", "authentication required", parsed.contentLength());
      return;
    }
    try {
      body = ContentLengthDecoder.of(parsed.contentLength(), settings.maxBodyBytes());
    } catch (FrameTooLargeException e) {
      refuse(413, "Content Too Large", "request body: " + e.getMessage(), parsed.contentLength());
      return;
    }
    state = State.BODY;
    deadline = System.nanoTime() + settings.bodyTimeout().toNanos();
  }

  private void answer(byte[] document) throws IOException {
    CallProcessor.Request request = calls.read(new ByteArrayInputStream(document));
    if (calls.runsInline(request)) {
      respond(request);
    } else {
      context.offload(
          () -> {
            try {
              respond(request);
            } catch (IOException e) {
              LOGGER.log(DEBUG, () -> "answering " + context.remoteAddress() + " failed: " + e);
              context.close();
            }
          });
    }
  }

  private void respond(CallProcessor.Request request) throws IOException {
    ByteSink out = new ByteSink(512);
    try {
      calls.answer(request, out, origin, headers);
    } catch (RuntimeException | Error e) {
      LOGGER.log(WARNING, () -> "call from " + context.remoteAddress() + " failed: " + e);
      context.close();
      return;
    }
    byte[] responseHead =
        ("Status: 200 OK\r\nContent-Type: text/xml\r\nContent-Length: " + out.size() + "\r\n\r\n")
            .getBytes(US_ASCII);
    context.write(ByteBuffer.wrap(responseHead));
    context.write(out.asBuffer());
    context.close();
  }

  /** Answers {@code code} with a one-line text body and closes. */
  private void refuse(int code, String reason, String message) throws IOException {
    refuse(code, reason, message, 0);
  }

  /**
   * Answers {@code code} and closes once the {@code bodyBytes} the peer declared are read and
   * dropped (within the body timeout, up to {@link #MAX_DRAIN_BYTES}): a front server still sending
   * the body then reads the answer instead of a reset (nginx would answer 502).
   */
  private void refuse(int code, String reason, String message, long bodyBytes) throws IOException {
    LOGGER.log(DEBUG, () -> "refusing " + context.remoteAddress() + ": " + code + " " + message);
    state = State.DONE;
    byte[] text = (message + "\n").getBytes(US_ASCII);
    String extra = code == 401 ? "WWW-Authenticate: Basic realm=\"xmlrpc\"\r\n" : "";
    String responseHead =
        "Status: "
            + code
            + " "
            + reason
            + "\r\n"
            + extra
            + "Content-Type: text/plain\r\nContent-Length: "
            + text.length
            + "\r\n\r\n";
    context.write(ByteBuffer.wrap(responseHead.getBytes(US_ASCII)));
    context.write(ByteBuffer.wrap(text));
    if (bodyBytes > 0 && bodyBytes <= MAX_DRAIN_BYTES) {
      state = State.DRAIN;
      drainLeft = bodyBytes;
      deadline = System.nanoTime() + settings.bodyTimeout().toNanos();
      return;
    }
    context.close();
  }

  /** The CGI headers, and each {@code HTTP_*} one also as the HTTP header it stands for. */
  static Headers headers(ScgiHeaders scgi) {
    Headers.Builder out = Headers.builder();
    for (Map.Entry<String, String> e : scgi.fields().entrySet()) {
      out.add(e.getKey(), e.getValue());
    }
    for (Map.Entry<String, String> e : scgi.fields().entrySet()) {
      String name = e.getKey();
      if (name.startsWith("HTTP_") && name.length() > 5) {
        out.add(httpName(name.substring(5)), e.getValue());
      }
    }
    return out.build();
  }

  /** {@code CAPAS_TIMEOUT} as {@code Capas-Timeout}. */
  private static String httpName(String cgi) {
    StringBuilder name = new StringBuilder(cgi.length());
    boolean upper = true;
    for (int i = 0; i < cgi.length(); i++) {
      char c = cgi.charAt(i);
      if (c == '_') {
        name.append('-');
        upper = true;
      } else {
        name.append(upper ? c : Character.toLowerCase(c));
        upper = false;
      }
    }
    return name.toString();
  }

  @Override
  public void onReadTimeout(SessionContext ctx) {
    LOGGER.log(
        DEBUG,
        () ->
            "closing "
                + context.remoteAddress()
                + ": the SCGI "
                + (state == State.HEAD
                    ? "header block"
                    : state == State.BODY ? "body" : "refused body")
                + " did not arrive in time ("
                + Duration.ofNanos(System.nanoTime() - started).toMillis()
                + " ms)");
    state = State.DONE;
    context.close();
  }

  @Override
  public void onEndOfStream() throws IOException {
    if (state == State.BODY) {
      ContentLengthDecoder decoder = body;
      refuse(
          400,
          "Bad Request",
          "end of stream with "
              + (decoder == null ? 0 : decoder.missing())
              + " byte(s) of the body missing");
      return;
    }
    state = State.DONE;
    context.close();
  }

  @Override
  public void onClose() {
    state = State.DONE;
    body = null;
  }
}
