package io.capas.rpc;

import io.capas.framing.FrameReader;
import io.capas.transport.Connection;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Framed calls one at a time per connection: concurrent callers each take a pooled connection (up
 * to {@link FramedClientSettings#maxIdleConnections()} kept idle); a call on a reused connection
 * that finds it closed before any reply byte is sent again once on a fresh one to the same server
 * (when that connect fails, the failure is {@code IO}: the first call may have run). Safe for
 * concurrent use; {@link #close()} may be called twice.
 */
final class PooledFramedInvoker extends FramedInvoker {
  private final ArrayDeque<Connection> idle = new ArrayDeque<>();
  private boolean closed;

  PooledFramedInvoker(FramedClientSettings settings) {
    super(settings);
  }

  @Override
  public @Nullable Object invoke(String method, List<@Nullable Object> params, Duration timeout) {
    CallDeadline deadline = CallDeadline.start(timeout);
    ByteSink frame = frame(method, params);
    for (int attempt = 0; attempt < 2; attempt++) {
      Connection connection = takeIdle();
      boolean reused = connection != null;
      if (connection == null) {
        try {
          connection = open(method, deadline, timeout);
        } catch (RpcException e) {
          if (attempt > 0 && e.kind() == RpcException.Kind.UNAVAILABLE) {
            // The first attempt wrote the call: it may have run, so never "not sent".
            throw new RpcException(
                RpcException.Kind.IO,
                method,
                "connection to "
                    + target()
                    + " closed before the reply, and reconnecting failed, for method "
                    + method,
                e);
          }
          throw e;
        }
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
        if (Thread.currentThread().isInterrupted()) {
          // Cancelled: the socket is closed already; never sent again.
          throw Failures.cancelled(method, target(), e);
        }
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

  private synchronized @Nullable Connection takeIdle() {
    return idle.pollLast();
  }

  private void release(Connection connection) {
    synchronized (this) {
      if (!closed && idle.size() < settings.maxIdleConnections()) {
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
  }
}
