package io.capas.rpc;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.WARNING;

import io.capas.http.ContentCoding;
import io.capas.http.Headers;
import io.capas.http.HttpException;
import io.capas.http.HttpLimits;
import io.capas.http.HttpResponse;
import io.capas.http.HttpStatus;
import io.capas.http.HttpVersion;
import io.capas.http.HttpWriter;
import io.capas.http.RequestDecoder;
import io.capas.http.RequestHead;
import io.capas.http.ResponseHead;
import io.capas.transport.Session;
import io.capas.transport.SessionContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP/1.1 connection of the XML-RPC server, driven by pushes. The HTTP itself is http-codec's:
 * {@link RequestDecoder} parses (with its RFC 9112 smuggling rules and limits), {@link HttpWriter}
 * writes, {@link HttpException#toResponse()} renders refusals. This class adds the XML-RPC
 * endpoint's rules on top.
 *
 * <pre>
 *   POST /RPC2 HTTP/1.1 CRLF  headers CRLF  CRLF  body   (repeat: keep-alive, pipelining allowed)
 *   HTTP/1.1 200 OK CRLF  ... Content-Length: n CRLF  CRLF  body
 * </pre>
 *
 * <p>Rules: {@code POST} on the configured paths; {@code GET} and {@code HEAD} of the health check
 * and, when enabled, of the method page ({@link HttpPages}); any other method 405 with {@code
 * Allow: POST} (or {@code GET, HEAD, POST} with the method page); other paths 404; a request
 * without a declared length 411; everything the codec refuses with its status (400 for smuggling
 * attempts such as Content-Length with Transfer-Encoding, 413, 414, 431, 501, 505), and the
 * connection then closes since its place in the stream cannot be trusted. Chunked request bodies
 * are accepted. HTTP/1.1 keeps the connection unless {@code Connection: close}; HTTP/1.0 closes
 * unless {@code Connection: keep-alive}. {@code Content-Encoding} gzip or deflate bodies are
 * inflated with the body limit applied to the inflated size; responses are compressed when the
 * client accepts it and they are large. {@code Expect: 100-continue} is answered. A head must
 * arrive within the header timeout and a body within the body timeout, in total, so that a client
 * sending one byte a second cannot hold the connection; 408 then.
 *
 * <p>Once a graceful shutdown has started ({@link HttpPages#draining()}), every answer says {@code
 * Connection: close} and the connection closes after it.
 *
 * <p>An {@linkplain HttpServerSettings#extraGetRoutes() extra route's} path is answered to {@code
 * GET} by its {@link HttpGetRoute} (any other method there is 405 with {@code Allow: GET}).
 *
 * <p>After {@link HttpServerSettings#maxConsecutiveErrors()} requests in a row that are refused or
 * are not XML-RPC calls, the answer to the last one says {@code Connection: close}. An error answer
 * that closes the connection while the client may still be sending (413 for a large body, a refusal
 * of the codec, too many errors) is followed by a lingering close: what arrives is read and
 * discarded until the peer ends its stream or pauses ({@link
 * HttpServerSettings#lingerReadTimeout()}), {@link HttpServerSettings#lingerMaxBytes()} or {@link
 * HttpServerSettings#lingerTimeout()}, so the client can finish sending and read why (closing with
 * unread bytes would reset the connection and destroy the answer). A failure outside any call (an
 * {@link Error} from the codec, even a {@code StackOverflowError}) is answered 500 and closes the
 * connection, with one WARNING line; the connection's thread goes on.
 *
 * <p>While a queuing (multiplexing) server reports the connection {@linkplain
 * SessionContext#writeBacklogged() backlogged} (a client pipelining requests and not reading the
 * answers), the session answers nothing more and keeps the rest of the pushed input until {@link
 * #onWritable()}, so what one connection has queued stays bounded.
 *
 * <p>A call is read on the thread that pushed its bytes and made through {@link
 * SessionContext#offload}, so a handler that blocks holds only its own connection (a multiplexing
 * server's selector loops go on serving the others), unless its method was declared {@linkplain
 * MethodRegistry#runInline non-blocking}. Requests pipelined behind an offloaded one are kept and
 * served, in order, by the offloaded task once it has answered, so responses keep their order.
 *
 * <p>The response is written in one write from a per-connection buffer: the body is encoded after a
 * reserved headroom and the head is put in front of it. Not thread-safe; one per connection (an
 * offloaded task and the session's calls never overlap).
 */
final class HttpSession implements Session {
  private static final System.Logger LOGGER = System.getLogger(HttpSession.class.getName());
  private static final int HEADROOM = 256;
  private static final byte[] ROOM = new byte[HEADROOM];
  private static final int MAX_REQUESTS_PER_DATA = 100_000;
  private static final byte[] CONTINUE = HttpWriter.continueResponse();
  private static final HttpStatus UNAUTHORIZED = HttpRules.UNAUTHORIZED;
  private static final HttpStatus REQUEST_TIMEOUT = new HttpStatus(408, "Request Timeout");
  private static final List<String> ALLOW_GET = List.of("GET");

  private final SessionContext context;
  private final CallProcessor calls;
  private final HttpServerSettings settings;
  private final LongSupplier nanoTime;
  private final AtomicInteger active;
  private final HttpPages pages;
  private final RequestDecoder decoder;
  private final HttpRules rules;
  private final ByteSink out = new ByteSink(2048);

  /** Where this connection's calls come from, for their {@link CallContext}. */
  private final CallContext.Origin origin;

  private boolean closed;

  /** An offloaded call is being answered on this thread: the requests behind it run here too. */
  private boolean inTask;

  private long headStart = -1;
  private long bodyStart = -1;
  private int consecutiveErrors;
  private boolean lingering;

  /** Input not yet served: the rest of a push while backlogged (multiplexing servers only). */
  private @Nullable ByteBuffer held;

  private boolean stoppedByBacklog;
  private long lingerStart;
  private long lingered;

  HttpSession(
      SessionContext context,
      CallProcessor calls,
      HttpServerSettings settings,
      HttpLimits limits,
      LongSupplier nanoTime,
      AtomicInteger active,
      HttpPages pages) {
    this.context = context;
    this.calls = calls;
    this.settings = settings;
    this.nanoTime = nanoTime;
    this.active = active;
    this.pages = pages;
    this.decoder = RequestDecoder.forGrowingBuffer(limits);
    this.rules = new HttpRules(settings, calls);
    this.origin =
        new CallContext.Origin(
            "http",
            context.localAddress(),
            context.remoteAddress(),
            rules.authenticates(),
            context.tlsSession());
    context.readTimeout(settings.idleTimeout());
  }

  /** The codec limits for these settings: the head limit bounds every line and the whole head. */
  static HttpLimits limits(HttpServerSettings settings) {
    int head = settings.maxHeadBytes();
    int line = Math.min(head, HttpLimits.defaults().maxHeaderLine());
    return HttpLimits.defaults()
        .withHeadLimits(line, line, head, HttpLimits.defaults().maxHeaderCount())
        .withMaxBody(settings.maxBodyBytes())
        .withMaxDecompressedBody(settings.maxBodyBytes());
  }

  @Override
  public void onData(ByteBuffer data) throws IOException {
    if (lingering) {
      discard(data);
      return;
    }
    ByteBuffer kept = held;
    if (kept == null) {
      guardedServe(data, false);
      return;
    }
    // Rare: input held over a backlog, then more input. The transport offers only the new bytes.
    held = null;
    ByteBuffer in = ByteBuffer.allocate(kept.remaining() + data.remaining()).put(kept).put(data);
    guardedServe(in.flip(), true);
  }

  @Override
  public void onWritable() throws IOException {
    ByteBuffer kept = held;
    if (kept != null && !closed && !lingering) {
      held = null;
      guardedServe(kept, true);
    }
  }

  /**
   * Serves the requests in {@code in}, containing any failure; {@code ours} when {@code in} is not
   * the transport's buffer, so what is left of it must be kept here.
   */
  private void guardedServe(ByteBuffer in, boolean ours) throws IOException {
    try {
      serve(in);
    } catch (RuntimeException | Error e) {
      // One line, no stack trace: a stack overflow's trace alone is a thousand lines.
      LOGGER.log(WARNING, () -> "request from " + context.remoteAddress() + " failed: " + e);
      in.position(in.limit());
      if (!closed && !lingering) {
        errorResponse(
            new HttpException(HttpStatus.INTERNAL_SERVER_ERROR, "internal error", true),
            true,
            false);
      }
    }
    if (closed || lingering || !in.hasRemaining()) {
      stoppedByBacklog = false;
      return;
    }
    if (stoppedByBacklog) {
      // The client is not reading: answer no more, and keep the rest (already in memory) until
      // onWritable, so what is queued for it stays bounded. The transport would offer these
      // bytes again only with more input, and reads nothing while backlogged.
      stoppedByBacklog = false;
      held = ours ? in : ByteBuffer.allocate(in.remaining()).put(in).flip();
    } else if (ours) {
      held = in; // the start of a request: the transport's buffer does not have it
    }
  }

  private void serve(ByteBuffer data) throws IOException {
    for (int i = 0; i < MAX_REQUESTS_PER_DATA && !closed && !lingering; i++) {
      // Only a write can make it backlogged: no check before the first answer (the hot path).
      if (i > 0 && context.writeBacklogged()) {
        stoppedByBacklog = true;
        return;
      }
      Optional<RequestHead> next;
      try {
        // The body stays in data's array when it came whole: no copy on the hot path.
        next = decoder.decodeInPlace(data);
      } catch (HttpException e) {
        // The decoder is failed: the stream's framing cannot be trusted any more.
        errorResponse(e, true, true);
        break;
      }
      if (next.isEmpty()) {
        if (unauthorizedHead()) {
          // Refused on its head: the body is never read (and lingered over, not buffered).
          errorResponse(new HttpException(UNAUTHORIZED, "credentials required", false), true, true);
          break;
        }
        if (decoder.takeContinue() && acceptable(decoder.currentHead())) {
          context.write(ByteBuffer.wrap(CONTINUE));
        }
        waitForMore(data);
        return;
      }
      headStart = -1;
      bodyStart = -1;
      if (respond(next.get(), decoder.body(), data)) {
        return; // offloaded: the task answers, then serves what followed
      }
    }
    if (lingering) {
      discard(data);
    } else if (closed) {
      data.position(data.limit());
    }
  }

  /** Reads and drops what arrives after an error answer, within the linger's bounds. */
  private void discard(ByteBuffer data) {
    lingered += data.remaining();
    data.position(data.limit());
    long left = settings.lingerTimeout().toNanos() - (nanoTime.getAsLong() - lingerStart);
    if (lingered > settings.lingerMaxBytes() || left <= 0) {
      close();
    } else {
      context.readTimeout(lingerWait(left));
    }
  }

  /** Whether a head has arrived, its body not yet, and its credentials are refused. */
  private boolean unauthorizedHead() {
    if (!rules.authenticates()) {
      return false;
    }
    Optional<RequestHead> head = decoder.currentHead();
    return head.isPresent()
        && !pages.isHealth(head.get())
        && !rules.authorized(head.get().headers());
  }

  private boolean acceptable(Optional<RequestHead> head) {
    return head.isPresent() && refusal(head.get()) == null;
  }

  /** Sets the read timeout for what is awaited: a body, the rest of a head, or the next request. */
  private void waitForMore(ByteBuffer data) {
    long now = nanoTime.getAsLong();
    long start;
    Duration limit;
    if (!decoder.isIdle()) {
      if (bodyStart < 0) {
        bodyStart = now;
      }
      start = bodyStart;
      limit = settings.bodyTimeout();
    } else if (holdsHeadBytes(data)) {
      if (headStart < 0) {
        headStart = now;
      }
      start = headStart;
      limit = settings.headerTimeout();
    } else {
      headStart = -1;
      context.readTimeout(settings.idleTimeout());
      return;
    }
    long left = limit.toNanos() - (now - start);
    // At least 1 ms so that a passed deadline still fires through onReadTimeout.
    context.readTimeout(Duration.ofNanos(Math.max(left, 1_000_000)));
  }

  /** Whether bytes of a head wait in {@code data} (empty lines before a request do not count). */
  private static boolean holdsHeadBytes(ByteBuffer data) {
    for (int p = data.position(); p < data.limit(); p++) {
      byte b = data.get(p);
      if (b != '\r' && b != '\n') {
        return true;
      }
    }
    return false;
  }

  @Override
  public void onReadTimeout(SessionContext ctx) throws IOException {
    if (lingering || (decoder.isIdle() && headStart < 0)) {
      close();
      return;
    }
    // No linger: the client is not sending.
    errorResponse(
        new HttpException(REQUEST_TIMEOUT, "the request did not arrive in time", true),
        true,
        false);
  }

  @Override
  public void onEndOfStream() {
    close();
  }

  @Override
  public void onClose() {
    closed = true;
    held = null;
    active.decrementAndGet();
  }

  private void close() {
    closed = true;
    context.close();
  }

  /**
   * Why the endpoint refuses a request with this head, or null if it serves it: the health path
   * needs no credentials (a load balancer's check learns only up or down), a page needs the same
   * credentials as a call, and the rest is {@link HttpRules#refusal}.
   */
  private @Nullable HttpException refusal(RequestHead head) {
    if (pages.isHealth(head)) {
      return null;
    }
    if (rules.authenticates() && !rules.authorized(head.headers())) {
      return HttpRules.unauthorized();
    }
    if (getRoute(head.target()) != null) {
      return head.method().equals("GET")
          ? null
          : HttpException.methodNotAllowed(head.method(), ALLOW_GET);
    }
    if (!head.method().equals("POST")) {
      return pages.serves(head, rules.servesPath(head.target()))
          ? null
          : HttpException.methodNotAllowed(head.method(), pages.allow());
    }
    return rules.refusalOfAuthorized(head);
  }

  /**
   * Answers one request; true when its call was {@linkplain SessionContext#offload offloaded}, with
   * the rest of {@code data} (pipelined requests) kept for the task to serve after it.
   */
  private boolean respond(RequestHead head, ByteBuffer body, ByteBuffer data) throws IOException {
    boolean keepAlive = head.keepAlive();
    HttpException refused = refusal(head);
    if (refused != null) {
      consecutiveErrors++;
      errorResponse(
          refused,
          !keepAlive || refused.closeConnection() || tooManyErrors() || pages.draining(),
          true);
      return false;
    }
    HttpGetRoute route = getRoute(head.target());
    if (route != null) {
      answerRoute(head, route);
      return false;
    }
    if (!head.method().equals("POST")) {
      consecutiveErrors = 0;
      pageResponse(head);
      return false;
    }
    ByteArrayInputStream in;
    try {
      // The decoder held the body to the limit already.
      in =
          rules.body(
              head.headers(), body.array(), body.arrayOffset() + body.position(), body.remaining());
    } catch (HttpException e) {
      consecutiveErrors++;
      errorResponse(e, !keepAlive || e.closeConnection() || tooManyErrors(), true);
      return false;
    }
    CallProcessor.Request request = calls.read(in);
    if (inTask || calls.runsInline(request)) {
      answer(head, request);
      return false;
    }
    if (data.hasRemaining()) {
      held = ByteBuffer.allocate(data.remaining()).put(data).flip();
    }
    context.offload(() -> answerOffloaded(head, request));
    return true;
  }

  /**
   * The offloaded task: answers the call, then serves the requests that followed it, here, and sets
   * the read timeout for what comes next.
   */
  private void answerOffloaded(RequestHead head, CallProcessor.Request request) {
    inTask = true;
    try {
      try {
        answer(head, request);
      } catch (RuntimeException | Error e) {
        LOGGER.log(WARNING, () -> "request from " + context.remoteAddress() + " failed: " + e);
        if (!closed && !lingering) {
          errorResponse(
              new HttpException(HttpStatus.INTERNAL_SERVER_ERROR, "internal error", true),
              true,
              false);
        }
        return;
      }
      ByteBuffer kept = held;
      if (kept != null && !closed && !lingering) {
        if (!context.writeBacklogged()) {
          held = null;
          guardedServe(kept, true);
        } // else the client is not reading: what followed waits for onWritable
      } else if (!closed && !lingering) {
        context.readTimeout(settings.idleTimeout());
      }
    } catch (IOException e) {
      LOGGER.log(DEBUG, () -> "answering " + context.remoteAddress() + " failed: " + e);
      close();
    } finally {
      inTask = false;
    }
  }

  /** Makes the call and writes its response; closes or lingers when the request asked for it. */
  private void answer(RequestHead head, CallProcessor.Request request) throws IOException {
    boolean keepAlive = head.keepAlive();
    out.reset();
    out.write(ROOM, 0, HEADROOM);
    calls.answer(request, out, origin, head.headers());
    if (pages.draining()) {
      // A graceful shutdown started, maybe while the call ran: this connection's last answer.
      keepAlive = false;
    }
    if (request.wasCall()) {
      consecutiveErrors = 0;
    } else {
      consecutiveErrors++;
      if (tooManyErrors()) {
        keepAlive = false;
      }
    }
    int bodyLength = out.size() - HEADROOM;
    HttpRules.Persistence persistence =
        !keepAlive
            ? HttpRules.Persistence.CLOSE
            : head.version() == HttpVersion.HTTP_1_0
                ? HttpRules.Persistence.KEEP_HTTP10
                : HttpRules.Persistence.KEEP;
    ContentCoding coding = rules.responseCoding(head.headers(), bodyLength);
    ResponseHead responseHead = HttpRules.okHead(coding, persistence);
    if (coding != ContentCoding.IDENTITY) {
      byte[] encoded =
          coding.encode(Arrays.copyOfRange(out.array(), HEADROOM, HEADROOM + bodyLength));
      writeResponse(responseHead, encoded, 0, encoded.length, false);
    } else {
      writeResponse(responseHead, out.array(), HEADROOM, bodyLength, true);
    }
    out.trim(1 << 20);
    if (!keepAlive) {
      if (tooManyErrors()) {
        linger();
      } else {
        close();
      }
    }
  }

  private boolean tooManyErrors() {
    return consecutiveErrors >= settings.maxConsecutiveErrors();
  }

  /** Starts the lingering close (see the class doc), or closes when it is configured off. */
  private void linger() {
    if (settings.lingerTimeout().isZero() || settings.lingerMaxBytes() == 0) {
      close();
      return;
    }
    lingering = true;
    lingerStart = nanoTime.getAsLong();
    lingered = 0;
    context.readTimeout(lingerWait(settings.lingerTimeout().toNanos()));
  }

  /** The wait for more bytes while lingering: the read timeout, or what is left if shorter. */
  private Duration lingerWait(long leftNanos) {
    long wait = Math.min(leftNanos, settings.lingerReadTimeout().toNanos());
    // At least 1 ms so that a passed deadline still fires through onReadTimeout.
    return Duration.ofNanos(Math.max(wait, 1_000_000));
  }

  /** Writes head and body in one write, putting the head in front of the body when room allows. */
  private void writeResponse(
      ResponseHead head, byte[] buf, int offset, int length, boolean roomInFront)
      throws IOException {
    int h = HttpWriter.headLength(head, length);
    ByteBuffer message;
    if (roomInFront && h <= offset) {
      message = ByteBuffer.wrap(buf, offset - h, h + length);
    } else {
      message = ByteBuffer.allocate(h + length);
      message.put(h, buf, offset, length);
    }
    int start = message.position();
    HttpWriter.putHead(message, head, length);
    message.position(start);
    context.write(message);
  }

  /**
   * Answers a {@code GET} or {@code HEAD} of the health check or the method page (see {@link
   * HttpPages}).
   */
  private void pageResponse(RequestHead head) throws IOException {
    boolean keepAlive = head.keepAlive() && !pages.draining();
    HttpResponse page = pages.answer(head);
    Headers.Builder headers = page.head().headers().toBuilder().add("Server", HttpRules.SERVER);
    if (!keepAlive) {
      headers.add("Connection", "close");
    } else if (head.version() == HttpVersion.HTTP_1_0) {
      headers.add("Connection", "keep-alive");
    }
    if (head.method().equals("HEAD")) {
      // The GET's head, its Content-Length included, and no body (RFC 9110 §9.3.2).
      headers.add("Content-Length", Integer.toString(page.body().length));
      context.write(
          ByteBuffer.wrap(
              HttpWriter.encodeHead(
                  new ResponseHead(HttpVersion.HTTP_1_1, page.status(), headers.build()))));
    } else {
      HttpResponse response =
          new HttpResponse(
              new ResponseHead(HttpVersion.HTTP_1_1, page.status(), headers.build()), page.body());
      context.write(ByteBuffer.wrap(HttpWriter.encode(response)));
    }
    if (!keepAlive) {
      close();
    }
  }

  /**
   * Answers {@code e} as http-codec renders it, plus this server's headers; closes if asked, after
   * a lingering close when {@code linger} (the client may still be sending).
   */
  private void errorResponse(HttpException e, boolean closing, boolean linger) throws IOException {
    HttpResponse response = HttpRules.errorResponse(e, closing);
    context.write(ByteBuffer.wrap(HttpWriter.encode(response)));
    if (closing) {
      if (linger) {
        linger();
      } else {
        close();
      }
    }
  }

  /**
   * Answers a {@code GET} on an {@linkplain HttpServerSettings#extraGetRoutes() extra route} with
   * what its route returns, plus this server's headers.
   */
  private void answerRoute(RequestHead head, HttpGetRoute route) throws IOException {
    boolean keepAlive = head.keepAlive() && !pages.draining();
    HttpResponse answer;
    try {
      answer = route.answer(head);
    } catch (Exception e) {
      LOGGER.log(WARNING, () -> "GET " + printable(head.target()) + " failed: " + e);
      consecutiveErrors++;
      errorResponse(
          new HttpException(HttpStatus.INTERNAL_SERVER_ERROR, "internal error", false),
          !keepAlive || tooManyErrors(),
          false);
      return;
    }
    consecutiveErrors = 0;
    Headers.Builder headers = answer.head().headers().toBuilder().add("Server", HttpRules.SERVER);
    if (!keepAlive) {
      headers.add("Connection", "close");
    } else if (head.version() == HttpVersion.HTTP_1_0) {
      headers.add("Connection", "keep-alive");
    }
    context.write(
        ByteBuffer.wrap(
            HttpWriter.encode(
                new HttpResponse(
                    new ResponseHead(HttpVersion.HTTP_1_1, answer.status(), headers.build()),
                    answer.body()))));
    if (!keepAlive) {
      close();
    }
  }

  /** The extra GET route at {@code target}'s path, or null. */
  private @Nullable HttpGetRoute getRoute(String target) {
    Map<String, HttpGetRoute> routes = settings.extraGetRoutes();
    if (routes.isEmpty()) {
      return null;
    }
    String path = pathOf(target);
    return path == null ? null : routes.get(path);
  }

  /** {@code target}'s path without its query, or null for an absolute form without a path. */
  private static @Nullable String pathOf(String target) {
    String path = target;
    int schemeEnd = path.indexOf("://");
    if (schemeEnd > 0 && !path.startsWith("/")) {
      int slash = path.indexOf('/', schemeEnd + 3);
      if (slash < 0) {
        return null;
      }
      path = path.substring(slash);
    }
    int query = path.indexOf('?');
    return query >= 0 ? path.substring(0, query) : path;
  }

  /** {@code text} with control characters as {@code ?}, for a log line. */
  private static String printable(String text) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), 200));
    for (int i = 0; i < text.length() && i < 200; i++) {
      char c = text.charAt(i);
      out.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    return out.toString();
  }
}
