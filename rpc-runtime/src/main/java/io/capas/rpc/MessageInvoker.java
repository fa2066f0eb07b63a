package io.capas.rpc;

import io.capas.transport.Endpoint;
import io.capas.transport.MessageTransport;
import io.capas.transport.RequestChannel;
import io.capas.xmlrpc.MethodCall;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * XML-RPC documents as whole messages of a {@link MessageTransport} (reliable UDP), client side.
 * Retries, if any, are the transport's (reliable UDP resends with backoff, and its server runs a
 * call at most once).
 *
 * <p>The call's timeout is one deadline for all of it, opening the channel (a lookup) included: the
 * exchange runs on a virtual thread and the caller waits for it until the deadline, whatever the
 * transport does with the time it is given; an exchange given up on is interrupted and its reply
 * dropped. Safe for concurrent use.
 */
final class MessageInvoker implements AsyncInvoker {
  private final MessageTransport transport;
  private final Endpoint remote;
  private final RpcCodec codec;
  private final String scheme;
  private @Nullable RequestChannel channel;
  private boolean closed;

  MessageInvoker(MessageClientSettings settings) {
    this.transport = settings.transport();
    this.remote = settings.endpoint();
    this.codec = settings.codec();
    this.scheme = settings.scheme();
  }

  @Override
  public String target() {
    return scheme + "://" + remote;
  }

  @Override
  public @Nullable Object invoke(String method, List<@Nullable Object> params, Duration timeout) {
    ByteSink request = new ByteSink(512);
    try {
      codec.writeCall(new MethodCall(method, params), request);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "cannot encode the call of " + method + ": " + e.getMessage(), e);
    }
    CallDeadline deadline = CallDeadline.start(timeout);
    byte[] bytes = request.toByteArray();
    CompletableFuture<byte[]> exchange = new CompletableFuture<>();
    Thread worker =
        Thread.ofVirtual()
            .name("capas-call " + method)
            .start(
                () -> {
                  try {
                    exchange.complete(channel(method).call(bytes, deadline.readTimeout()));
                  } catch (Throwable e) {
                    exchange.completeExceptionally(e);
                  }
                });
    byte[] reply;
    try {
      reply = exchange.get(Math.max(1, deadline.remainingNanos()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      worker.interrupt();
      throw Failures.timeout(method, target(), timeout);
    } catch (InterruptedException e) {
      worker.interrupt();
      throw Failures.cancelled(method, target(), e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw deadline.passed()
            ? Failures.timeout(method, target(), timeout)
            : Failures.map(io, method, target(), timeout);
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(cause);
    }
    try {
      return Responses.result(method, codec.readResponse(new ByteArrayInputStream(reply)));
    } catch (IOException e) {
      throw Failures.map(e, method, target(), timeout);
    }
  }

  /**
   * Hands the request to the channel's {@link RequestChannel#callAsync} and returns: with reliable
   * UDP no thread waits for the reply. Null until the channel is open (the first call opens it, a
   * lookup included, the blocking way, within its deadline).
   */
  @Override
  public @Nullable CompletableFuture<@Nullable Object> invokeAsync(
      String method, List<@Nullable Object> params, Duration timeout) {
    RequestChannel open;
    synchronized (this) {
      if (closed || channel == null) {
        return null;
      }
      open = channel;
    }
    ByteSink request = new ByteSink(512);
    try {
      codec.writeCall(new MethodCall(method, params), request);
    } catch (IOException | IllegalArgumentException e) {
      return CompletableFuture.failedFuture(
          new IllegalArgumentException(
              "cannot encode the call of " + method + ": " + e.getMessage(), e));
    }
    CallDeadline deadline = CallDeadline.start(timeout);
    CompletableFuture<byte[]> exchange = open.callAsync(request.toByteArray(), timeout);
    CompletableFuture<@Nullable Object> result =
        new CompletableFuture<>() {
          @Override
          public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            exchange.cancel(true);
            return cancelled;
          }
        };
    ScheduledFuture<?> expiry =
        deadline.onExpiry(
            () -> {
              if (result.completeExceptionally(Failures.timeout(method, target(), timeout))) {
                exchange.cancel(true);
              }
            });
    AsyncInvoker.settle(
        exchange,
        result,
        expiry,
        codec,
        method,
        e ->
            deadline.passed()
                ? Failures.timeout(method, target(), timeout)
                : Failures.map(e, method, target(), timeout));
    return result;
  }

  private synchronized RequestChannel channel(String method) throws IOException {
    if (closed) {
      throw new RpcException(RpcException.Kind.CLOSED, method, "client closed: " + target(), null);
    }
    if (channel == null) {
      channel = transport.open(remote);
    }
    return channel;
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (channel != null) {
      channel.close();
    }
  }
}
