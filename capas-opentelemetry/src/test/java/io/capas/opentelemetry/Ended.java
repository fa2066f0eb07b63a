package io.capas.opentelemetry;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.util.concurrent.Semaphore;

/**
 * A span processor that releases a permit per span ended, registered after the exporter's: a test
 * waits for the spans it expects with a deadline instead of polling.
 */
final class Ended implements SpanProcessor {
  private final Semaphore permits;

  private Ended(Semaphore permits) {
    this.permits = permits;
  }

  static SpanProcessor releasing(Semaphore permits) {
    return new Ended(permits);
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {}

  @Override
  public boolean isStartRequired() {
    return false;
  }

  @Override
  public void onEnd(ReadableSpan span) {
    permits.release();
  }

  @Override
  public boolean isEndRequired() {
    return true;
  }
}
