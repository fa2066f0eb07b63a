package io.capas.rpc;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.annotations.VisibleForTesting;
import io.capas.framing.FrameReader;
import io.capas.transport.Connection;
import io.capas.transport.Dialer;
import io.capas.transport.Endpoint;
import io.capas.xmlrpc.MethodCall;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * XML-RPC over length-prefixed frames, client side (see {@link FramedServerBinding} for the wire).
 *
 * <p>Two ways to use connections:
 *
 * <ul>
 *   <li>{@linkplain #FramedInvoker(Dialer, Endpoint, RpcCodec) one call at a time per connection}:
 *       concurrent callers each take a pooled connection (up to 8 kept idle); a call on a reused
 *       connection that finds it closed before any reply byte is sent again once on a fresh one.
 *   <li>{@linkplain #pipelined(Dialer, Endpoint, RpcCodec, int) pipelined}: all callers share ONE
 *       connection; each writes its request frame as soon as it has the write lock, without waiting
 *       for earlier responses, and a reader thread hands each response frame to the oldest waiting
 *       call (the server answers in order). At most {@code maxInFlight} calls are on the wire;
 *       further callers wait for a slot within their own deadline. A caller whose deadline passes
 *       gets {@link RpcException.Kind#TIMEOUT} and its late response is read and dropped. If the
 *       connection breaks, every call on it fails with {@link RpcException.Kind#IO} (or {@link
 *       RpcException.Kind#PROTOCOL} for a bad frame) and the next call opens a new connection: a
 *       call that may have reached the server is never sent again. The responses are read by a
 *       platform thread per connection, which hands each to its caller: for a lone sequential
 *       caller that extra thread hand-off makes pipelining no faster (often slower) than one call
 *       at a time; it pays when several callers share the connection.
 * </ul>
 *
 * <pre>{@code
 * Client client = new Client(
 *     FramedInvoker.pipelined(transport::connect, Endpoint.of("localhost", port), XmlRpcCodec.defaults(), 1024),
 *     Duration.ofSeconds(5));
 * }</pre>
 *
 * <p>Safe for concurrent use. {@link #close()} closes the connections and fails the pipelined calls
 * still waiting with {@link RpcException.Kind#CLOSED}; it may be called twice.
 */
public final class FramedInvoker implements Invoker {
  /** The default bound on pipelined calls on the wire at once. */
  public static final int DEFAULT_MAX_IN_FLIGHT = 1024;

  private static final byte[] NO_LENGTH = new byte[4];

  private final Dialer dialer;
  private final Endpoint remote;
  private final String target;
  private final RpcCodec codec;
  private final int maxFrame;
  private final Duration connectTimeout;
  private final ArrayDeque<Connection> idle = new ArrayDeque<>();

  /** Non-null when pipelined: the permits for calls on the wire. */
  private final @Nullable Semaphore inFlight;

  private volatile @Nullable PipelinedConnection shared;
  private boolean closed;

  /** One call at a time per connection, with pooled connections. */
  public FramedInvoker(Dialer dialer, Endpoint remote, RpcCodec codec) {
    this(dialer, remote, codec, 0);
  }

  private FramedInvoker(Dialer dialer, Endpoint remote, RpcCodec codec, int maxInFlight) {
    this.dialer = dialer;
    this.remote = remote;
    this.target = "framed://" + remote;
    this.codec = codec;
    this.maxFrame = FramedServerBinding.DEFAULT_MAX_FRAME;
    this.connectTimeout = Duration.ofSeconds(10);
    this.inFlight = maxInFlight > 0 ? new Semaphore(maxInFlight) : null;
  }

  /**
   * Pipelined calls: every caller shares one connection, with at most {@code maxInFlight} calls
   * sent and not yet answered (see the class doc).
   *
   * @throws IllegalArgumentException if {@code maxInFlight} is not positive
   */
  public static FramedInvoker pipelined(
      Dialer dialer, Endpoint remote, RpcCodec codec, int maxInFlight) {
    checkArgument(maxInFlight > 0, "maxInFlight must be positive: %s", maxInFlight);
    return new FramedInvoker(dialer, remote, codec, maxInFlight);
  }

  /** Pipelined calls with at most {@link #DEFAULT_MAX_IN_FLIGHT} on the wire. */
  public static FramedInvoker pipelined(Dialer dialer, Endpoint remote, RpcCodec codec) {
    return pipelined(dialer, remote, codec, DEFAULT_MAX_IN_FLIGHT);
  }

  @Override
  public String target() {
    return target;
  }

  @Override
  public @Nullable Object invoke(String method, List<@Nullable Object> params, Duration timeout) {
    CallDeadline deadline = CallDeadline.start(timeout);
    ByteSink frame = new ByteSink(512);
    frame.write(NO_LENGTH, 0, 4);
    try {
      codec.writeCall(new MethodCall(method, params), frame);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "cannot encode the call of " + method + ": " + e.getMessage(), e);
    }
    frame.asBuffer().putInt(0, frame.size() - 4);
    Semaphore permits = inFlight;
    if (permits != null) {
      byte[] reply = pipelinedExchange(permits, method, frame, deadline, timeout);
      try {
        return Responses.result(method, codec.readResponse(new ByteArrayInputStream(reply)));
      } catch (IOException e) {
        throw Failures.map(e, method, target, timeout);
      }
    }
    for (int attempt = 0; attempt < 2; attempt++) {
      Connection connection = takeIdle();
      boolean reused = connection != null;
      if (connection == null) {
        connection = open(method, deadline, timeout);
      }
      boolean keep = false;
      // Closes the connection at the deadline: a blocked write or a trickled reply ends then.
      deadline.watch(connection::close);
      try {
        connection.readTimeout(deadline.readTimeout());
        OutputStream out = connection.output();
        out.write(frame.array(), 0, frame.size());
        out.flush();
        connection.readTimeout(deadline.readTimeout());
        Optional<byte[]> reply = FrameReader.exact(connection.input(), maxFrame).read();
        if (reply.isEmpty()) {
          throw new EOFException("connection closed before the reply");
        }
        keep = true;
        return Responses.result(method, codec.readResponse(new ByteArrayInputStream(reply.get())));
      } catch (IOException e) {
        keep = false;
        if (deadline.passed()) {
          throw Failures.timeout(method, target(), timeout);
        }
        if (reused && e instanceof EOFException) {
          continue;
        }
        throw Failures.map(e, method, target(), timeout);
      } finally {
        // False when the watchdog closed the connection: never pooled then.
        keep &= deadline.disarm();
        if (keep) {
          release(connection);
        } else {
          connection.close();
        }
      }
    }
    throw new RpcException(RpcException.Kind.IO, method, "stale connections to " + target(), null);
  }

  /** Sends the frame on the shared connection and waits for its response frame. */
  private byte[] pipelinedExchange(
      Semaphore permits,
      String method,
      ByteSink frame,
      CallDeadline callDeadline,
      Duration timeout) {
    long deadline = callDeadline.nanoTime();
    try {
      if (!permits.tryAcquire(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
        throw Failures.timeout(method, target, timeout);
      }
    } catch (InterruptedException e) {
      throw interrupted(method, e);
    }
    PendingCall call = null;
    try {
      // Bounded: a connection refuses a call only once it has failed, and each pass opens anew.
      for (int attempt = 0; attempt < 3 && call == null; attempt++) {
        call =
            sharedConnection(method, callDeadline, timeout)
                .send(frame.array(), frame.size(), callDeadline);
      }
    } finally {
      if (call == null) {
        permits.release(); // not sent: the permit is still ours
      }
    }
    if (call == null) {
      throw new RpcException(
          RpcException.Kind.UNAVAILABLE,
          method,
          "connections to " + target + " keep failing",
          null);
    }
    try {
      byte[] reply = call.await(deadline);
      if (reply == null) {
        throw Failures.timeout(method, target, timeout);
      }
      return reply;
    } catch (PipelinedConnection.ClosedException e) {
      throw closed(method);
    } catch (IOException e) {
      throw Failures.map(e, method, target, timeout);
    }
  }

  private static RpcException interrupted(String method, InterruptedException e) {
    Thread.currentThread().interrupt();
    return new RpcException(RpcException.Kind.IO, method, "interrupted calling " + method, e);
  }

  /** The shared connection, opened anew when there is none or it has failed. */
  private PipelinedConnection sharedConnection(
      String method, CallDeadline deadline, Duration timeout) {
    PipelinedConnection current = shared;
    if (current != null && current.isOpen()) {
      return current;
    }
    synchronized (this) {
      if (closed) {
        throw closed(method);
      }
      current = shared;
      if (current == null || !current.isOpen()) {
        Connection connection = open(method, deadline, timeout);
        try {
          current =
              PipelinedConnection.start(connection, maxFrame, requireNonNull(inFlight), target);
        } catch (IOException e) {
          connection.close();
          throw Failures.map(e, method, target, timeout);
        }
        shared = current;
      }
      return current;
    }
  }

  /** Pipelined calls sent on the shared connection and not yet answered (0 when there is none). */
  @VisibleForTesting
  int pipelinedCalls() {
    PipelinedConnection current = shared;
    return current == null ? 0 : current.pendingCalls();
  }

  private RpcException closed(String method) {
    return new RpcException(
        RpcException.Kind.CLOSED,
        method,
        "the client of " + target + " is closed, for method " + method,
        null);
  }

  /** Looks up and connects within the connect timeout and what is left of the call's deadline. */
  private Connection open(String method, CallDeadline deadline, Duration timeout) {
    Duration wait;
    try {
      wait = deadline.connectTimeout(connectTimeout);
    } catch (java.net.SocketTimeoutException e) {
      throw Failures.timeout(method, target(), timeout);
    }
    try {
      return dialer.connect(remote, wait);
    } catch (IOException e) {
      if (deadline.passed()) {
        throw Failures.timeout(method, target(), timeout);
      }
      throw Failures.map(e, method, target(), wait);
    }
  }

  private synchronized @Nullable Connection takeIdle() {
    return idle.pollLast();
  }

  private void release(Connection connection) {
    synchronized (this) {
      if (!closed && idle.size() < 8) {
        idle.addLast(connection);
        return;
      }
    }
    connection.close();
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      idle.forEach(Connection::close);
      idle.clear();
    }
    PipelinedConnection current = shared;
    if (current != null) {
      current.close();
    }
  }
}
