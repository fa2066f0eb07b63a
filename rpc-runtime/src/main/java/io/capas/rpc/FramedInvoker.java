package io.capas.rpc;

import io.capas.framing.FrameReader;
import io.capas.transport.Connection;
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
import org.jspecify.annotations.Nullable;

/**
 * XML-RPC over length-prefixed frames, client side (see {@link FramedServerBinding} for the wire).
 * Connections are kept for reuse; a call on a reused connection that finds it closed before any
 * reply byte is sent again once on a fresh one. Safe for concurrent use.
 */
public final class FramedInvoker implements Invoker {
  private final Connector connector;
  private final Endpoint remote;
  private final RpcCodec codec;
  private final int maxFrame;
  private final Duration connectTimeout;
  private final ArrayDeque<Connection> idle = new ArrayDeque<>();
  private boolean closed;

  public FramedInvoker(Connector connector, Endpoint remote, RpcCodec codec) {
    this.connector = connector;
    this.remote = remote;
    this.codec = codec;
    this.maxFrame = FramedServerBinding.DEFAULT_MAX_FRAME;
    this.connectTimeout = Duration.ofSeconds(10);
  }

  @Override
  public String target() {
    return "framed://" + remote;
  }

  @Override
  public @Nullable Object invoke(String method, List<@Nullable Object> params, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    ByteSink frame = new ByteSink(512);
    frame.write(new byte[4], 0, 4);
    try {
      codec.writeCall(new MethodCall(method, params), frame);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException("cannot encode the call of " + method + ": " + e.getMessage(), e);
    }
    frame.asBuffer().putInt(0, frame.size() - 4);
    for (int attempt = 0; attempt < 2; attempt++) {
      Connection connection = takeIdle();
      boolean reused = connection != null;
      if (connection == null) {
        connection = open(method, deadline, timeout);
      }
      boolean keep = false;
      try {
        OutputStream out = connection.output();
        out.write(frame.array(), 0, frame.size());
        out.flush();
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw Failures.timeout(method, target(), timeout);
        }
        connection.readTimeout(Duration.ofMillis(Math.max(1, left / 1_000_000)));
        Optional<byte[]> reply = FrameReader.exact(connection.input(), maxFrame).read();
        if (reply.isEmpty()) {
          throw new EOFException("connection closed before the reply");
        }
        keep = true;
        return Responses.result(method, codec.readResponse(new ByteArrayInputStream(reply.get())));
      } catch (IOException e) {
        keep = false;
        if (reused && e instanceof EOFException) {
          continue;
        }
        throw Failures.map(e, method, target(), timeout);
      } finally {
        if (keep) {
          release(connection);
        } else {
          connection.close();
        }
      }
    }
    throw new RpcException(RpcException.Kind.IO, method, "stale connections to " + target(), null);
  }

  private Connection open(String method, long deadline, Duration timeout) {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      throw Failures.timeout(method, target(), timeout);
    }
    Duration wait = Duration.ofNanos(Math.min(left, connectTimeout.toNanos()));
    try {
      return connector.connect(remote, wait);
    } catch (IOException e) {
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
  }
}
