package io.capas.rpc;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.annotations.VisibleForTesting;
import io.capas.http.Headers;
import io.capas.http.HttpLimits;
import io.capas.http.HttpResponse;
import io.capas.http.HttpResponseReader;
import io.capas.http.HttpVersion;
import io.capas.http.HttpWriter;
import io.capas.http.RequestHead;
import io.capas.http.ResponseHead;
import io.capas.transport.Connection;
import io.capas.transport.Endpoint;
import io.capas.xmlrpc.Fault;
import io.capas.xmlrpc.MethodCall;
import io.capas.xmlrpc.MethodResponse;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.ProtocolException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * XML-RPC over HTTP/1.1, client side, on http-codec: the request head is put by {@link HttpWriter}
 * in front of the call encoded first (one array, one write), the response is read by a
 * per-connection {@link HttpResponseReader} (Content-Length, chunked or until close; gzip and
 * deflate decoded under the size cap), and the connection is kept for reuse when both sides allow
 * it.
 *
 * <p>Idle connections: once a kept-alive connection has waited in the pool for {@link
 * #WATCH_AFTER}, a virtual thread reads its next byte (as Go's {@code net/http} does). A server
 * that closes an idle connection (its keep-alive timeout, a shutdown) ends that read, and the
 * connection is dropped before any request is written to it; otherwise the byte read is the first
 * byte of the next response, handed to the call that took the connection. A connection taken again
 * sooner is not watched: back-to-back calls read their responses themselves, with no hand-off
 * between threads (the watch on every release cost a sequential caller 40% of its calls per second;
 * see docs/BENCHMARKS.md). A server closing a connection within that moment of its last answer is
 * the race the retry below covers.
 *
 * <p>Retries: a call on a reused connection that fails before any response byte with an end of
 * stream or a reset is sent again once on a fresh connection (the server closed the connection as
 * the request went out, which the idle watch could not see yet: see {@link #isStale}). That retry
 * reaches the same server only; when it cannot connect, the failure is {@code IO}, not {@code
 * UNAVAILABLE}, because the first request may have been processed (a server that died while running
 * it looks the same). Nothing else is retried. Safe for concurrent use: each call takes its own
 * connection from the pool.
 */
final class HttpInvoker implements Invoker {
  /** Room for the request head in front of the encoded call; the head is small and fixed. */
  private static final int MAX_HEADROOM = 64 * 1024;

  /** How long a pooled connection waits unwatched before its idle watch starts. */
  static final Duration WATCH_AFTER = Duration.ofMillis(10);

  private final long watchAfterNanos;

  /** Starts the idle watches of connections that stayed pooled for the watch delay. */
  private @Nullable Thread watchStarter;

  /** Idle watches started so far (for tests). */
  private long watchesStarted;

  private final HttpClientSettings settings;
  private final ArrayDeque<Pooled> idle = new ArrayDeque<>();
  private final String target;

  /** The URL calls go to, for messages ({@link HttpClientSettings#url()} formats it anew). */
  private final String url;

  private final RequestHead head;
  private final int headroom;
  private final byte[] room;

  /** The request headers every call carries, but {@link CallContext#TIMEOUT_HEADER}. */
  private final Headers baseHeaders;

  private final HttpLimits limits;

  /** The proxy {@code http://} calls go through (absolute-form targets), or {@code null}. */
  private final @Nullable HttpProxy forwardProxy;

  private boolean closed;

  /** A connection with its response reader, which may hold bytes read ahead. */
  private static final class Pooled {
    final Connection connection;
    final DeadlineInput input;
    final HttpResponseReader reader;
    long idleSince;

    Pooled(Connection connection, HttpLimits limits) {
      this.connection = connection;
      this.input = new DeadlineInput(connection);
      this.reader = new HttpResponseReader(input, limits);
    }
  }

  HttpInvoker(HttpClientSettings settings) {
    this(settings, WATCH_AFTER);
  }

  /** With a watch delay of its own ({@link Duration#ZERO}: every pooled connection is watched). */
  HttpInvoker(HttpClientSettings settings, Duration watchAfter) {
    checkArgument(!watchAfter.isNegative(), "negative watch delay: %s", watchAfter);
    this.settings = settings;
    this.watchAfterNanos = watchAfter.toNanos();
    this.target = settings.endpoint().toString();
    this.url = settings.url();
    // https:// goes through a CONNECT tunnel (the dialer): to the proxy, it is an opaque stream.
    this.forwardProxy = settings.https() ? null : settings.proxy();
    Headers.Builder headers =
        Headers.builder()
            .add("Host", settings.endpoint().authority()) // localhost on a Unix socket
            .add("User-Agent", "capas")
            .add("Content-Type", "text/xml");
    if (settings.acceptGzip()) {
      headers.add("Accept-Encoding", "gzip");
    }
    if (!settings.basicAuthorization().isEmpty()) {
      headers.add("Authorization", settings.basicAuthorization());
    }
    if (forwardProxy != null && !forwardProxy.authorization().isEmpty()) {
      headers.add("Proxy-Authorization", forwardProxy.authorization());
    }
    this.baseHeaders = headers.build();
    // The call's timeout travels with it: a capas server bounds the handler's CallContext by it.
    this.head = headFor(settings.timeout(), Headers.empty());
    this.headroom = HttpWriter.headLength(head, Integer.MAX_VALUE);
    if (headroom > MAX_HEADROOM) {
      throw new IllegalArgumentException("request head of " + headroom + " bytes is too large");
    }
    this.room = new byte[headroom];
    int headLimit = settings.maxHeadBytes();
    int lineLimit = Math.min(headLimit, HttpLimits.defaults().maxHeaderLine());
    long bodyLimit = Math.min(settings.maxResponseBytes(), Integer.MAX_VALUE - 8);
    this.limits =
        HttpLimits.defaults()
            .withHeadLimits(lineLimit, lineLimit, headLimit, HttpLimits.defaults().maxHeaderCount())
            .withMaxBody(bodyLimit)
            .withMaxDecompressedBody(bodyLimit);
  }

  @Override
  public String target() {
    return url;
  }

  /** The request head for a call with {@code timeout} and {@code extra} headers. */
  private RequestHead headFor(Duration timeout, Headers extra) {
    Headers.Builder headers =
        baseHeaders.toBuilder()
            .add(CallContext.TIMEOUT_HEADER, Long.toString(Math.max(1, timeout.toMillis())));
    for (int i = 0; i < extra.size(); i++) {
      headers.add(extra.name(i), extra.value(i));
    }
    // Through a proxy, the absolute form (RFC 9112 §3.2.2) names the origin.
    String requestTarget =
        forwardProxy == null ? settings.path() : "http://" + settings.endpoint() + settings.path();
    return new RequestHead("POST", requestTarget, HttpVersion.HTTP_1_1, headers.build());
  }

  @Override
  public @Nullable Object invoke(String method, List<@Nullable Object> params, Duration timeout) {
    return invoke(method, params, timeout, Headers.empty());
  }

  @Override
  public @Nullable Object invoke(
      String method, List<@Nullable Object> params, Duration timeout, Headers extra) {
    CallDeadline deadline = CallDeadline.start(timeout);
    // The precomputed head unless this call carries headers or a timeout of its own.
    boolean usual = extra.size() == 0 && timeout.equals(settings.timeout());
    RequestHead callHead = usual ? head : headFor(timeout, extra);
    int callHeadroom = usual ? headroom : HttpWriter.headLength(callHead, Integer.MAX_VALUE);
    if (callHeadroom > MAX_HEADROOM) {
      throw new IllegalArgumentException(
          "request head of " + callHeadroom + " bytes is too large for method " + method);
    }
    ByteSink request = new ByteSink(callHeadroom + 256);
    request.write(usual ? room : new byte[callHeadroom], 0, callHeadroom);
    try {
      settings.codec().writeCall(new MethodCall(method, params), request);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "cannot encode the call of " + method + ": " + e.getMessage(), e);
    }
    int bodyLength = request.size() - callHeadroom;
    int messageStart = callHeadroom - HttpWriter.headLength(callHead, bodyLength);
    HttpWriter.putHead(
        ByteBuffer.wrap(request.array(), messageStart, callHeadroom - messageStart),
        callHead,
        bodyLength);
    for (int attempt = 0; attempt < 2; attempt++) {
      Pooled pooled = takeIdle();
      boolean reused = pooled != null;
      if (pooled == null) {
        try {
          pooled = open(method, deadline, timeout);
        } catch (RpcException e) {
          if (attempt > 0 && e.kind() == RpcException.Kind.UNAVAILABLE) {
            // The first attempt wrote the request: it may have run, so never "not sent".
            throw new RpcException(
                RpcException.Kind.IO,
                method,
                "connection to "
                    + target
                    + " closed before any response byte, and reconnecting failed, for method "
                    + method,
                e);
          }
          throw e;
        }
      }
      Exchange exchange = new Exchange(pooled, deadline.nanoTime());
      // Closes the connection at the deadline: a blocked write or a trickled read ends then.
      deadline.watch(pooled.connection::close);
      try {
        MethodResponse response =
            exchange.run(request.array(), messageStart, request.size() - messageStart);
        if (response instanceof Fault fault) {
          throw new RpcFault(method, fault.code(), fault.message());
        }
        return ((MethodResponse.Success) response).value();
      } catch (IOException e) {
        pooled.connection.close();
        exchange.keep = false;
        if (Thread.currentThread().isInterrupted()) {
          // Cancelled: the socket is closed already; never sent again.
          throw Failures.cancelled(method, url, e);
        }
        if (deadline.passed()) {
          throw Failures.timeout(method, url, timeout);
        }
        if (reused && isStale(e, pooled.input.received)) {
          continue;
        }
        throw Failures.map(e, method, url, timeout);
      } finally {
        // False when the watchdog closed the connection: never pooled then.
        boolean intact = deadline.disarm();
        if (exchange.keep && intact) {
          release(pooled);
        } else {
          pooled.connection.close();
        }
      }
    }
    throw new RpcException(
        RpcException.Kind.IO,
        method,
        "stale connections to " + target + " for method " + method,
        null);
  }

  /**
   * Whether a failed call on a reused connection may be sent again: only when the peer ended or
   * reset the connection before any byte of the response came (it had closed the idle connection
   * before reading the request). A timeout, or a failure after response bytes, is never retried:
   * the server may have run the call.
   */
  static boolean isStale(IOException e, long bytesReceived) {
    if (bytesReceived > 0) {
      return false;
    }
    return e instanceof EOFException
        || (e instanceof SocketException && !(e instanceof ConnectException));
  }

  /** Looks up and connects within the connect timeout and what is left of the call's deadline. */
  private Pooled open(String method, CallDeadline deadline, Duration timeout) {
    Endpoint to = forwardProxy == null ? settings.endpoint() : forwardProxy.endpoint();
    return new Pooled(
        deadline.connect(settings.dialer(), to, settings.connectTimeout(), method, url, timeout),
        limits);
  }

  private synchronized @Nullable Pooled takeIdle() {
    long now = System.nanoTime();
    for (int i = 0; i < 1000 && !idle.isEmpty(); i++) {
      Pooled p = idle.pollLast();
      CompletableFuture<Integer> watch = p.input.pending;
      // A finished watch: the server closed the idle connection (or sent bytes nobody asked for).
      if (now - p.idleSince < settings.idleTimeout().toNanos()
          && (watch == null || !watch.isDone())) {
        return p;
      }
      p.connection.close();
    }
    return null;
  }

  /** Pooled connections whose idle watch has seen nothing yet: those a call may take. */
  @VisibleForTesting
  synchronized int watchedIdleConnections() {
    int live = 0;
    for (Pooled p : idle) {
      CompletableFuture<Integer> watch = p.input.pending;
      if (watch != null && !watch.isDone()) {
        live++;
      }
    }
    return live;
  }

  private void release(Pooled pooled) {
    boolean kept;
    CompletableFuture<Integer> now = null;
    synchronized (this) {
      kept = !closed && idle.size() < settings.maxIdleConnections();
      if (kept) {
        pooled.idleSince = System.nanoTime();
        pooled.input.pending = null;
        idle.addLast(pooled);
        if (watchAfterNanos == 0) {
          now = new CompletableFuture<>();
          pooled.input.pending = now;
          watchesStarted++;
        } else if (watchStarter == null) {
          watchStarter =
              Thread.ofVirtual().name("capas-idle-watch-starter").start(this::startWatches);
        }
      }
    }
    if (!kept) {
      pooled.connection.close();
    } else if (now != null) {
      watch(pooled.connection, now);
    }
  }

  /**
   * Watches each pooled connection once it has been idle for the watch delay; sleeps until the next
   * one is due and ends when none is left to watch (a release starts it again).
   */
  private void startWatches() {
    // Each due connection with the future its watch completes, taken under the lock: once out of
    // it, a caller may take the connection and clear its pending future.
    List<Map.Entry<Connection, CompletableFuture<Integer>>> due = new ArrayList<>();
    while (true) {
      long sleep = 0;
      synchronized (this) {
        long now = System.nanoTime();
        for (Pooled p : idle) {
          if (p.input.pending == null) {
            long left = p.idleSince + watchAfterNanos - now;
            if (left <= 0) {
              CompletableFuture<Integer> result = new CompletableFuture<>();
              p.input.pending = result;
              watchesStarted++;
              due.add(Map.entry(p.connection, result));
            } else {
              sleep = sleep == 0 ? left : Math.min(sleep, left);
            }
          }
        }
        if (sleep == 0 && due.isEmpty()) {
          watchStarter = null;
          return;
        }
      }
      due.forEach(d -> watch(d.getKey(), d.getValue()));
      due.clear();
      if (sleep > 0) {
        LockSupport.parkNanos(this, sleep);
      }
    }
  }

  /** Starts the read of the pooled connection's next byte, which completes {@code result}. */
  private static void watch(Connection connection, CompletableFuture<Integer> result) {
    Thread.ofVirtual()
        .name("capas-idle-watch")
        .start(
            () -> {
              try {
                connection.readTimeout(Duration.ZERO);
                result.complete(connection.input().read());
              } catch (IOException | RuntimeException e) {
                result.completeExceptionally(e);
              }
            });
  }

  /** Idle watches started so far. */
  @VisibleForTesting
  synchronized long watchesStarted() {
    return watchesStarted;
  }

  /** Whether a thread waits to start the watches of pooled connections. */
  @VisibleForTesting
  synchronized boolean watchStarterRunning() {
    return watchStarter != null;
  }

  @Override
  public void close() {
    Thread starter;
    synchronized (this) {
      closed = true;
      for (Pooled p : idle) {
        p.connection.close();
      }
      idle.clear();
      starter = watchStarter;
    }
    if (starter != null) {
      LockSupport.unpark(starter); // finds nothing left to watch and ends
    }
  }

  /** One request/response on one connection. Not thread-safe. */
  private final class Exchange {
    private final Pooled pooled;
    private final long deadline;
    boolean keep;

    Exchange(Pooled pooled, long deadline) {
      this.pooled = pooled;
      this.deadline = deadline;
    }

    /**
     * The response through a forward proxy; a status other than 200 fails at its head: a proxy
     * refusing a request (tinyproxy's 407, and its 401 for wrong credentials) closes without
     * reading the request body, so the reset that follows would hide its answer if the client read
     * on to the end of the error page.
     */
    private Optional<HttpResponse> readThroughProxy() throws IOException {
      for (int i = 0; i < 8; i++) {
        Optional<ResponseHead> responseHead = pooled.reader.readHead();
        if (responseHead.isEmpty()) {
          return Optional.empty();
        }
        int code = responseHead.get().status().code();
        if (code > 200) {
          throw new ProtocolException(statusMessage(code, responseHead.get().status().reason()));
        }
        if (code >= 200) {
          return Optional.of(
              new HttpResponse(
                  responseHead.get(), pooled.reader.readBody(responseHead.get(), "POST")));
        }
      }
      throw new ProtocolException("more than 8 interim responses through proxy " + forwardProxy);
    }

    MethodResponse run(byte[] message, int offset, int length) throws IOException {
      Tracer tracer = settings.tracer();
      if (tracer != null) {
        tracer.sent(message, offset, length);
      }
      pooled.input.start(deadline, tracer != null);
      OutputStream out = pooled.connection.output();
      out.write(message, offset, length);
      out.flush();
      Optional<HttpResponse> read =
          forwardProxy == null ? pooled.reader.read("POST") : readThroughProxy();
      if (read.isEmpty()) {
        throw new EOFException("connection closed before any response byte");
      }
      HttpResponse response = read.get();
      ByteSink trace = pooled.input.trace;
      if (tracer != null && trace != null) {
        tracer.received(trace.array(), 0, trace.size());
      }
      if (response.status().code() != 200) {
        throw new ProtocolException(
            statusMessage(response.status().code(), response.status().reason()));
      }
      keep = HttpResponseReader.keepAlive(response, "POST");
      // A body the client cannot decode is a bad response, reported as such: never with a status
      // the server did not send.
      return settings
          .codec()
          .readResponse(response.decodedBodyStream(limits.maxDecompressedBody()));
    }
  }

  /** What a status other than 200 means, naming the proxy when it is the proxy's answer. */
  private String statusMessage(int code, String reason) {
    String status = "HTTP " + code + " " + reason;
    HttpProxy proxy = forwardProxy;
    if (proxy == null) {
      return status;
    }
    if (code == 407) {
      return "proxy "
          + proxy
          + (proxy.authorization().isEmpty()
              ? " requires authentication ("
              : " refused the credentials (")
          + status
          + ")";
    }
    return status + " (through proxy " + proxy + ")";
  }

  /**
   * The connection's input with the call's deadline applied to every read (so the whole call is
   * bounded, not each read), counting the bytes of the current response and, when tracing, keeping
   * them.
   */
  private static final class DeadlineInput extends InputStream {
    private final Connection connection;
    private final InputStream in;
    private long deadline;
    long received;
    @Nullable ByteSink trace;

    /**
     * The idle watch's read, set while the connection is pooled: the first byte of the next
     * response, to be taken before reading the connection again.
     */
    volatile @Nullable CompletableFuture<Integer> pending;

    DeadlineInput(Connection connection) {
      this.connection = connection;
      this.in = connection.input();
    }

    void start(long deadline, boolean tracing) {
      this.deadline = deadline;
      this.received = 0;
      if (tracing) {
        if (trace == null) {
          trace = new ByteSink(1024);
        }
        trace.reset();
      } else {
        trace = null;
      }
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new SocketTimeoutException("deadline passed");
      }
      CompletableFuture<Integer> first = pending;
      if (first != null && len > 0) {
        pending = null;
        return takeWatched(first, left, b, off);
      }
      connection.readTimeout(Duration.ofMillis(Math.max(1, left / 1_000_000)));
      int n = in.read(b, off, len);
      if (n > 0) {
        received += n;
        if (trace != null) {
          trace.write(b, off, n);
        }
      }
      return n;
    }

    /** The idle watch's byte, waited for at most {@code left} nanoseconds. */
    private int takeWatched(CompletableFuture<Integer> first, long left, byte[] b, int off)
        throws IOException {
      int value;
      try {
        value = first.get(left, TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        throw new SocketTimeoutException("deadline passed");
      } catch (InterruptedException e) {
        // As blocking socket I/O on a virtual thread does when interrupted: close, keep the flag.
        connection.close();
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting for the response");
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        throw cause instanceof IOException io ? io : new IOException(cause);
      }
      if (value < 0) {
        return -1;
      }
      b[off] = (byte) value;
      received++;
      if (trace != null) {
        trace.write(b, off, 1);
      }
      return 1;
    }
  }
}
