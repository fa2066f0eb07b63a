package io.capas.rpc;

import static com.google.common.base.Preconditions.checkState;
import static java.lang.System.Logger.Level.WARNING;
import static java.util.Objects.requireNonNull;

import io.capas.http.ContentCoding;
import io.capas.http.Headers;
import io.capas.http.HttpException;
import io.capas.http.HttpResponse;
import io.capas.http.HttpStatus;
import io.capas.http.HttpVersion;
import io.capas.http.RequestHead;
import io.capas.transport.Endpoint;
import io.capas.transport.Server;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import javax.net.ssl.SSLSession;
import org.jspecify.annotations.Nullable;

/**
 * Serves XML-RPC-over-HTTP requests that arrive through an HTTP server capas does not run (a
 * servlet container, the JDK's {@code com.sun.net.httpserver}): the adapter hands over each request
 * (method, target, headers, body stream) and writes back the {@link Response} (status, headers,
 * body).
 *
 * <pre>{@code
 * RpcServer server = RpcServer.embedded(HttpServerSettings.defaults())
 *     .addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b)
 *     .start();
 * HttpEndpoint endpoint = HttpEndpoint.of(server);
 * HttpEndpoint.Response response =
 *     endpoint.serve(HttpEndpoint.Request.of("POST", "/RPC2", headers, body));
 * }</pre>
 *
 * <p>The request goes through the code of capas's own HTTP server binding: the same refusals (431
 * past {@link HttpServerSettings#maxHeadBytes()}, 401 with {@code WWW-Authenticate}, 405 with
 * {@code Allow: POST}, 404 off {@link HttpServerSettings#paths()}, 411 without a declared length),
 * the same body limit {@link HttpServerSettings#maxBodyBytes()} on the body as sent (a larger
 * declared length is refused before a byte is read) and after {@code Content-Encoding} gzip or
 * deflate, the server's {@link io.capas.xmlrpc.XmlRpcLimits} on the document, its interceptors,
 * listeners and basic authentication, its fault mapping, and gzip responses from {@link
 * HttpServerSettings#gzipMinBytes()} when accepted. What belongs to the connection (timeouts,
 * keep-alive, lingering, connection limits, {@code Expect: 100-continue}) is the host server's. The
 * target is the path relative to where the adapter is mounted ({@code /} for the mount point
 * itself); the default paths {@code /RPC2} and {@code /} serve it.
 *
 * <p>Calls run on the thread that calls {@link #serve}. A failure outside any call (an {@link
 * Error} from the codec) is answered 500, with one WARNING line. Once the server is closed, or
 * while {@link RpcServer#shutdown(Duration)} drains it, requests are answered 503. Safe for
 * concurrent use.
 */
public final class HttpEndpoint {
  private static final System.Logger LOGGER = System.getLogger(HttpEndpoint.class.getName());

  /** The 200 heads without Server (the host's) and Content-Length (the adapter's), by coding. */
  private static final Headers[] OK_HEADERS = okHeaders();

  private final Binding binding;
  private final CallProcessor calls;
  private final HttpRules rules;
  private final HttpServerSettings settings;

  private HttpEndpoint(Binding binding, CallProcessor calls) {
    this.binding = binding;
    this.calls = calls;
    this.settings = binding.settings;
    this.rules = new HttpRules(settings, calls);
  }

  /**
   * The endpoint of {@code server}, made by {@link RpcServer#embedded(HttpServerSettings)} and
   * started.
   *
   * @throws IllegalArgumentException {@code server} serves on its own (another binding)
   * @throws IllegalStateException {@code server} was not started
   */
  public static HttpEndpoint of(RpcServer server) {
    if (!(server.binding() instanceof Binding binding)) {
      throw new IllegalArgumentException(
          "not an embedded server (make it with RpcServer.embedded): " + server);
    }
    CallProcessor calls = binding.calls;
    checkState(calls != null, "server not started; call start() first: %s", server);
    return new HttpEndpoint(binding, calls);
  }

  /**
   * One request as the host server received it.
   *
   * @param method the request method, e.g. {@code POST}
   * @param target the path (and query) relative to where the adapter is mounted, e.g. {@code /}
   * @param headers every request header, as received
   * @param body the body as sent (still encoded); read at most to the body limit, not closed
   * @param localAddress the server's end of the connection, when known
   * @param remoteAddress the client's end, when known
   * @param tlsSession the TLS session the request came over, if any
   */
  public record Request(
      String method,
      String target,
      Headers headers,
      InputStream body,
      @Nullable InetSocketAddress localAddress,
      @Nullable InetSocketAddress remoteAddress,
      @Nullable SSLSession tlsSession) {
    public Request {
      requireNonNull(method);
      requireNonNull(target);
      requireNonNull(headers);
      requireNonNull(body);
    }

    /** A request without addresses or TLS session. */
    public static Request of(String method, String target, Headers headers, InputStream body) {
      return new Request(method, target, headers, body, null, null, null);
    }

    /** This request with the connection's addresses. */
    public Request withAddresses(
        @Nullable InetSocketAddress local, @Nullable InetSocketAddress remote) {
      return new Request(method, target, headers, body, local, remote, tlsSession);
    }

    /** This request with the TLS session it came over. */
    public Request withTls(@Nullable SSLSession session) {
      return new Request(method, target, headers, body, localAddress, remoteAddress, session);
    }
  }

  /**
   * The answer to write back: status, headers (without {@code Content-Length}, which is {@link
   * #bodyLength()}, and without {@code Server}, which is the host's), body. Immutable and
   * thread-safe.
   */
  public static final class Response {
    private final HttpStatus status;
    private final Headers headers;
    private final byte[] body;
    private final int offset;
    private final int length;

    private Response(HttpStatus status, Headers headers, byte[] body, int offset, int length) {
      this.status = status;
      this.headers = headers;
      this.body = body;
      this.offset = offset;
      this.length = length;
    }

    /** The status, e.g. 200 OK (XML-RPC faults included) or 413 Content Too Large. */
    public HttpStatus status() {
      return status;
    }

    /** The response headers; {@code Connection: close} when the connection should end. */
    public Headers headers() {
      return headers;
    }

    /** The length of the body in bytes. */
    public int bodyLength() {
      return length;
    }

    /** Writes the body to {@code out} (does not close it). */
    public void writeBody(OutputStream out) throws IOException {
      out.write(body, offset, length);
    }

    /** A copy of the body. */
    public byte[] body() {
      byte[] copy = new byte[length];
      System.arraycopy(body, offset, copy, 0, length);
      return copy;
    }

    @Override
    public String toString() {
      return "Response[" + status + ", " + length + " bytes]";
    }
  }

  /**
   * Answers {@code request}: reads its body within the limits, makes the call on this thread and
   * returns the response to write.
   *
   * @throws IOException reading the body failed (the client went away, the host refused its
   *     framing): nothing is to be answered
   */
  public Response serve(Request request) throws IOException {
    if (!binding.enter()) {
      return error(
          new HttpException(HttpStatus.SERVICE_UNAVAILABLE, "the server is not serving", false));
    }
    try {
      return answer(request);
    } catch (RuntimeException | Error e) {
      // One line, no stack trace: a stack overflow's trace alone is a thousand lines.
      LOGGER.log(WARNING, () -> "request from " + request.remoteAddress() + " failed: " + e);
      return error(new HttpException(HttpStatus.INTERNAL_SERVER_ERROR, "internal error", true));
    } finally {
      binding.exit();
    }
  }

  private Response answer(Request request) throws IOException {
    RequestHead head;
    try {
      head =
          new RequestHead(
              request.method(), request.target(), HttpVersion.HTTP_1_1, request.headers());
    } catch (IllegalArgumentException e) {
      return error(new HttpException(HttpStatus.BAD_REQUEST, e.getMessage(), true));
    }
    if (headBytes(head) > settings.maxHeadBytes()) {
      // The host's parser has its own limit; this one keeps the endpoint's, whatever the host.
      return error(
          new HttpException(
              HttpStatus.HEADER_FIELDS_TOO_LARGE,
              "request head exceeds the limit of " + settings.maxHeadBytes() + " bytes",
              true));
    }
    HttpException refused = rules.refusal(head);
    if (refused != null) {
      return error(refused);
    }
    ByteArrayInputStream in;
    try {
      byte[] raw = readBody(head, request.body());
      in = rules.body(head.headers(), raw, 0, raw.length);
    } catch (HttpException e) {
      return error(e);
    }
    CallProcessor.Request call = calls.read(in);
    ByteSink out = new ByteSink(2048);
    CallContext.Origin origin =
        new CallContext.Origin(
            "http",
            request.localAddress(),
            request.remoteAddress(),
            rules.authenticates(),
            Optional.ofNullable(request.tlsSession()));
    calls.answer(call, out, origin, head.headers());
    ContentCoding coding = rules.responseCoding(head.headers(), out.size());
    @SuppressWarnings("EnumOrdinal") // OK_HEADERS is indexed by ordinal (okHeaders())
    Headers headers = OK_HEADERS[coding.ordinal()];
    if (coding == ContentCoding.IDENTITY) {
      return new Response(HttpStatus.OK, headers, out.array(), 0, out.size());
    }
    byte[] encoded = coding.encode(out.toByteArray());
    return new Response(HttpStatus.OK, headers, encoded, 0, encoded.length);
  }

  /** The size of {@code head} as HTTP/1.1 would carry it: request line, header lines, CRLF. */
  private static long headBytes(RequestHead head) {
    long n = head.method().length() + 1L + head.target().length() + " HTTP/1.1\r\n".length() + 2;
    Headers headers = head.headers();
    for (int i = 0; i < headers.size(); i++) {
      n += headers.name(i).length() + 2L + headers.value(i).length() + 2;
    }
    return n;
  }

  /**
   * The body as sent, at most {@link HttpServerSettings#maxBodyBytes()}: a larger declared length
   * is refused unread, a longer stream once the limit is passed (413 either way).
   */
  private byte[] readBody(RequestHead head, InputStream body) throws IOException {
    int max = settings.maxBodyBytes();
    OptionalLong declared = head.contentLength();
    if (declared.isPresent() && declared.getAsLong() > max) {
      throw new HttpException(
          HttpStatus.CONTENT_TOO_LARGE,
          "body of " + declared.getAsLong() + " bytes exceeds the limit of " + max,
          true);
    }
    // readNBytes grows its buffer as bytes arrive: a short body costs no max-sized array.
    byte[] raw = body.readNBytes(max == Integer.MAX_VALUE ? max : max + 1);
    if (raw.length > max) {
      throw new HttpException(
          HttpStatus.CONTENT_TOO_LARGE, "body exceeds the limit of " + max + " bytes", true);
    }
    return raw;
  }

  /** {@code e} rendered as capas's server renders it, less the headers that are the host's. */
  private static Response error(HttpException e) {
    HttpResponse rendered = HttpRules.errorResponse(e, false);
    Headers headers =
        rendered.head().headers().toBuilder().remove("Server").remove("Content-Length").build();
    byte[] body = rendered.body();
    return new Response(rendered.status(), headers, body, 0, body.length);
  }

  // Indexed by ordinals on purpose: no map lookup per response.
  @SuppressWarnings("EnumOrdinal")
  private static Headers[] okHeaders() {
    ContentCoding[] codings = ContentCoding.values();
    Headers[] headers = new Headers[codings.length];
    for (ContentCoding coding : codings) {
      headers[coding.ordinal()] =
          HttpRules.okHead(coding, HttpRules.Persistence.KEEP).headers().toBuilder()
              .remove("Server")
              .build();
    }
    return headers;
  }

  /**
   * The binding of an embedded server: serves nothing itself; it holds the server's calls for its
   * {@link HttpEndpoint} and counts the requests in flight, so that a graceful shutdown waits for
   * them.
   */
  static final class Binding implements ServerBinding {
    private final HttpServerSettings settings;
    private final Object lock = new Object();
    private volatile @Nullable CallProcessor calls;
    private boolean serving;
    private int inFlight;

    Binding(HttpServerSettings settings) {
      this.settings = requireNonNull(settings);
    }

    @Override
    public Server start(Endpoint local, CallProcessor processor) {
      synchronized (lock) {
        calls = processor;
        serving = true;
      }
      return new EmbeddedServer();
    }

    /** The served path: a URL relative to where the host mounts the endpoint. */
    @Override
    public String url(String host, int port) {
      return settings.paths().contains("/RPC2") ? "/RPC2" : settings.paths().iterator().next();
    }

    boolean enter() {
      synchronized (lock) {
        if (!serving) {
          return false;
        }
        inFlight++;
        return true;
      }
    }

    void exit() {
      synchronized (lock) {
        inFlight--;
        if (inFlight == 0) {
          lock.notifyAll();
        }
      }
    }

    /** What {@link RpcServer} holds while running: no socket, only the requests in flight. */
    private final class EmbeddedServer implements Server {
      @Override
      public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
      }

      @Override
      public int activeConnections() {
        synchronized (lock) {
          return inFlight;
        }
      }

      @Override
      public void shutdown(Duration grace) throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        synchronized (lock) {
          serving = false;
          long left;
          while (inFlight > 0 && (left = deadline - System.nanoTime()) > 0) {
            lock.wait(Math.max(1, left / 1_000_000));
          }
        }
      }

      @Override
      public void close() {
        synchronized (lock) {
          serving = false;
        }
      }
    }
  }
}
