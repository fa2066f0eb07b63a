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
import java.util.Set;
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
 * <p>Rules: {@code POST} on the configured paths; any other method 405 with {@code Allow: POST};
 * other paths 404; a request without a declared length 411; everything the codec refuses with its
 * status (400 for smuggling attempts such as Content-Length with Transfer-Encoding, 413, 414, 431,
 * 501, 505), and the connection then closes since its place in the stream cannot be trusted.
 * Chunked request bodies are accepted. HTTP/1.1 keeps the connection unless {@code Connection:
 * close}; HTTP/1.0 closes unless {@code Connection: keep-alive}. {@code Content-Encoding} gzip or
 * deflate bodies are inflated with the body limit applied to the inflated size; responses are
 * compressed when the client accepts it and they are large. {@code Expect: 100-continue} is
 * answered. A head must arrive within the header timeout and a body within the body timeout, in
 * total, so that a client sending one byte a second cannot hold the connection; 408 then.
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
  private static final String SERVER = "capas";
  private static final HttpStatus UNAUTHORIZED = new HttpStatus(401, "Unauthorized");
  private static final HttpStatus REQUEST_TIMEOUT = new HttpStatus(408, "Request Timeout");
  private static final List<String> ALLOW = List.of("POST");
  private static final List<String> ALLOW_GET = List.of("GET");

  /** The 200 heads without Content-Length: by content coding, then persistence. */
  private static final ResponseHead[][] OK_HEADS = okHeads();

  /** What a response says about its connection. */
  private enum Persistence {
    /** HTTP/1.1 kept alive: nothing to say. */
    KEEP,
    /** HTTP/1.0 kept alive: {@code Connection: keep-alive}. */
    KEEP_HTTP10,
    /** {@code Connection: close}. */
    CLOSE
  }

  private final SessionContext context;
  private final CallProcessor calls;
  private final HttpServerSettings settings;
  private final LongSupplier nanoTime;
  private final AtomicInteger active;
  private final RequestDecoder decoder;
  private final Set<String> paths;
  private final ByteSink out = new ByteSink(2048);
  private final @Nullable String authorization;
  private final @Nullable BasicAuth basicAuth;

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
      AtomicInteger active) {
    this.context = context;
    this.calls = calls;
    this.settings = settings;
    this.nanoTime = nanoTime;
    this.active = active;
    this.decoder = RequestDecoder.forGrowingBuffer(limits);
    this.paths = settings.paths();
    this.authorization =
        settings.basicAuthorization().isEmpty() ? null : settings.basicAuthorization();
    this.basicAuth = calls.basicAuth();
    this.origin =
        new CallContext.Origin(
            "http",
            context.localAddress(),
            context.remoteAddress(),
            authorization != null || basicAuth != null,
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
    if (authorization == null && basicAuth == null) {
      return false;
    }
    Optional<RequestHead> head = decoder.currentHead();
    return head.isPresent() && !authorized(head.get().headers());
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

  /** Why the endpoint refuses a request with this head, or null if it serves it. */
  private @Nullable HttpException refusal(RequestHead head) {
    if ((authorization != null || basicAuth != null) && !authorized(head.headers())) {
      return new HttpException(UNAUTHORIZED, "credentials required", false);
    }
    if (getRoute(head.target()) != null) {
      return head.method().equals("GET")
          ? null
          : HttpException.methodNotAllowed(head.method(), ALLOW_GET);
    }
    if (!head.method().equals("POST")) {
      return HttpException.methodNotAllowed(head.method(), ALLOW);
    }
    if (!servesPath(head.target())) {
      return new HttpException(HttpStatus.NOT_FOUND, "no XML-RPC endpoint at this path", false);
    }
    if (!head.declaresLength()) {
      return HttpException.lengthRequired("POST");
    }
    return null;
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
      errorResponse(refused, !keepAlive || refused.closeConnection() || tooManyErrors(), true);
      return false;
    }
    HttpGetRoute route = getRoute(head.target());
    if (route != null) {
      answerRoute(head, route);
      return false;
    }
    ByteArrayInputStream in;
    try {
      ContentCoding coding = ContentCoding.of(head.headers());
      if (coding == ContentCoding.IDENTITY) {
        // The decoder held the body to the limit already.
        in =
            new ByteArrayInputStream(
                body.array(), body.arrayOffset() + body.position(), body.remaining());
      } else {
        byte[] raw = new byte[body.remaining()];
        body.get(raw);
        in = new ByteArrayInputStream(coding.decode(raw, settings.maxBodyBytes()));
      }
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
    if (request.wasCall()) {
      consecutiveErrors = 0;
    } else {
      consecutiveErrors++;
      if (tooManyErrors()) {
        keepAlive = false;
      }
    }
    int bodyLength = out.size() - HEADROOM;
    Persistence persistence =
        !keepAlive
            ? Persistence.CLOSE
            : head.version() == HttpVersion.HTTP_1_0 ? Persistence.KEEP_HTTP10 : Persistence.KEEP;
    ContentCoding coding = ContentCoding.IDENTITY;
    if (bodyLength >= settings.gzipMinBytes()) {
      Optional<String> accepted = head.headers().first("Accept-Encoding");
      if (accepted.isPresent()) {
        coding = ContentCoding.negotiate(accepted.get());
      }
    }
    // OK_HEADS is a table indexed by ordinals on purpose (built by okHeads()).
    @SuppressWarnings("EnumOrdinal")
    ResponseHead responseHead = OK_HEADS[coding.ordinal()][persistence.ordinal()];
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
   * Answers {@code e} as http-codec renders it, plus this server's headers; closes if asked, after
   * a lingering close when {@code linger} (the client may still be sending).
   */
  private void errorResponse(HttpException e, boolean closing, boolean linger) throws IOException {
    HttpResponse rendered = e.toResponse();
    Headers.Builder headers = rendered.head().headers().toBuilder().add("Server", SERVER);
    if (e.status().code() == UNAUTHORIZED.code()) {
      headers.add("WWW-Authenticate", "Basic realm=\"capas\", charset=\"UTF-8\"");
    }
    if (closing && !e.closeConnection()) {
      headers.add("Connection", "close");
    }
    HttpResponse response =
        new HttpResponse(
            new ResponseHead(rendered.head().version(), rendered.status(), headers.build()),
            rendered.body());
    context.write(ByteBuffer.wrap(HttpWriter.encode(response)));
    if (closing) {
      if (linger) {
        linger();
      } else {
        close();
      }
    }
  }

  private boolean authorized(Headers headers) {
    if (authorization != null) {
      Optional<String> given = headers.first("Authorization");
      if (given.isEmpty() || !BasicAuth.equalsConstantTime(given.get(), authorization)) {
        return false;
      }
    }
    return basicAuth == null || basicAuth.check(headers);
  }

  /**
   * Answers a {@code GET} on an {@linkplain HttpServerSettings#extraGetRoutes() extra route} with
   * what its route returns, plus this server's headers.
   */
  private void answerRoute(RequestHead head, HttpGetRoute route) throws IOException {
    boolean keepAlive = head.keepAlive();
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
    Headers.Builder headers = answer.head().headers().toBuilder().add("Server", SERVER);
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

  /**
   * Origin form with an optional query, or absolute form (RFC 9112 §3.2.2) naming a served path.
   */
  private boolean servesPath(String target) {
    if (paths.contains(target)) {
      return true;
    }
    String path = target;
    int schemeEnd = path.indexOf("://");
    if (schemeEnd > 0 && !path.startsWith("/")) {
      int slash = path.indexOf('/', schemeEnd + 3);
      if (slash < 0) {
        return false;
      }
      path = path.substring(slash);
    }
    int query = path.indexOf('?');
    if (query >= 0) {
      path = path.substring(0, query);
    }
    return paths.contains(path);
  }

  // Builds a table indexed by ordinals on purpose: no map lookup per response.
  @SuppressWarnings("EnumOrdinal")
  private static ResponseHead[][] okHeads() {
    ContentCoding[] codings = ContentCoding.values();
    ResponseHead[][] heads = new ResponseHead[codings.length][Persistence.values().length];
    for (ContentCoding coding : codings) {
      for (Persistence persistence : Persistence.values()) {
        Headers.Builder h = Headers.builder().add("Server", SERVER).add("Content-Type", "text/xml");
        if (coding != ContentCoding.IDENTITY) {
          h.add("Content-Encoding", coding.token());
        }
        if (persistence == Persistence.KEEP_HTTP10) {
          h.add("Connection", "keep-alive");
        } else if (persistence == Persistence.CLOSE) {
          h.add("Connection", "close");
        }
        heads[coding.ordinal()][persistence.ordinal()] =
            new ResponseHead(HttpVersion.HTTP_1_1, HttpStatus.OK, h.build());
      }
    }
    return heads;
  }
}
