package io.capas.rpc;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
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
}
