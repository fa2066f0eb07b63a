package io.capas.transport;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Sends requests and waits for their replies. Safe for concurrent use: calls may overlap. */
public interface RequestChannel extends AutoCloseable {

  /**
   * Sends {@code request} and returns its reply.
   *
   * @throws java.net.SocketTimeoutException no reply within {@code deadline}
   */
  byte[] call(byte[] request, Duration deadline) throws IOException;

  /**
   * Sends {@code request} and returns at once; the future completes with the reply or fails with
   * what {@link #call} would throw. Cancelling it gives the call up. A channel that can wait for
   * replies without a thread per call overrides this; the default runs {@link #call} on a virtual
   * thread of its own (interrupted on cancellation). The future may complete on the channel's
   * receiving thread: hand slow work to an executor of your own.
   */
  // The whenComplete stage is a callback: its own future carries nothing.
  @SuppressWarnings("FutureReturnValueIgnored")
  default CompletableFuture<byte[]> callAsync(byte[] request, Duration deadline) {
    CompletableFuture<byte[]> reply = new CompletableFuture<>();
    Thread caller =
        Thread.ofVirtual()
            .name("capas-request")
            .start(
                () -> {
                  try {
                    reply.complete(call(request, deadline));
                  } catch (IOException | RuntimeException | Error e) {
                    reply.completeExceptionally(e);
                  }
                });
    reply.whenComplete(
        (value, failure) -> {
          if (reply.isCancelled()) {
            caller.interrupt();
          }
        });
    return reply;
  }

  @Override
  void close();
}
