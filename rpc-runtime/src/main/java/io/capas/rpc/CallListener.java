package io.capas.rpc;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Hears every call a server answers: when it starts (its document read, before the interceptors)
 * and when it ends (its response written), with the outcome, the duration and the bytes each way.
 * The hook for metrics and tracing adapters, and for the access log ({@link
 * RpcServer#accessLog(boolean)}). Added with {@link RpcServer#listen(CallListener)}.
 *
 * <p>Called on the thread that answers the call, between the same two points for every binding;
 * must be quick and safe for concurrent use. What a listener throws is logged and ignored: it never
 * changes an answer. With no listener the runtime does not even read the clock.
 */
public interface CallListener {
  /** The call's document was read; its interceptors and handler run next. */
  default void started(CallContext context) {}

  /** The call was answered; {@code result} says how. */
  void ended(CallContext context, Result result);

  /**
   * How a call ended.
   *
   * @param faultCode the fault's code, or 0 for a success
   * @param faultString the fault's string, or {@code null} for a success
   * @param duration from {@link #started} to the response document written
   * @param requestBytes the size of the call's document (the body, the frame, the message)
   * @param responseBytes the size of the response document, before any compression
   */
  record Result(
      int faultCode,
      @Nullable String faultString,
      Duration duration,
      long requestBytes,
      long responseBytes) {
    /** Whether the call succeeded (no fault). */
    public boolean succeeded() {
      return faultString == null;
    }
  }
}
