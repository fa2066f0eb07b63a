package io.capas.rpc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A binding that can make a call without a thread waiting for it ({@link Client#callAsync} uses it
 * when no client interceptor needs the calling thread).
 */
interface AsyncInvoker extends Invoker {
  /** Where async calls are completed: a virtual thread per answer, none while a call waits. */
  Executor COMPLETIONS =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("capas-call-done").factory());

  /**
   * Starts a call; the future completes with its result or fails with its {@link RpcException}.
   * Cancelling the future gives the call up (its late answer is dropped).
   *
   * @return the call's future, or {@code null} when the call cannot start without waiting (the
   *     caller then makes it the blocking way)
   */
  @Nullable CompletableFuture<@Nullable Object> invokeAsync(
      String method, List<@Nullable Object> params, Duration timeout);

  /**
   * Completes {@code result} with the call's decoded answer once {@code reply} arrives, on a
   * completion thread (never the transport's, whose thread must go back to reading); a failure of
   * {@code reply} becomes what {@code failures} maps it to. However the call ends (answered,
   * failed, timed out, cancelled), {@code expiry} is cancelled.
   */
  // The stages chained here are callbacks: their own futures carry nothing.
  @SuppressWarnings("FutureReturnValueIgnored")
  static void settle(
      CompletableFuture<byte[]> reply,
      CompletableFuture<@Nullable Object> result,
      ScheduledFuture<?> expiry,
      RpcCodec codec,
      String method,
      Function<IOException, RpcException> failures) {
    result.whenComplete((value, failure) -> expiry.cancel(false));
    reply.whenCompleteAsync(
        (bytes, failure) -> {
          if (failure != null) {
            Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause()
                    : failure;
            result.completeExceptionally(
                cause instanceof IOException io ? failures.apply(io) : cause);
            return;
          }
          try {
            result.complete(
                Responses.result(method, codec.readResponse(new ByteArrayInputStream(bytes))));
          } catch (IOException e) {
            result.completeExceptionally(failures.apply(e));
          } catch (RuntimeException e) {
            result.completeExceptionally(e);
          }
        },
        COMPLETIONS);
  }
}
