package io.capas.testing.transport;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.base.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Ticker} that moves only when a test advances it, for code that takes its time from
 * outside (timeouts, backoff, idle checks).
 *
 * <pre>{@code
 * FakeClock clock = new FakeClock();
 * Stopwatch watch = Stopwatch.createStarted(clock);
 * clock.advance(Duration.ofMillis(250));
 * assertEquals(250, watch.elapsed(MILLISECONDS));
 * }</pre>
 *
 * Safe for concurrent use.
 */
public final class FakeClock extends Ticker {

  private final AtomicLong nanos = new AtomicLong();

  /** Starts at zero. */
  public FakeClock() {}

  @Override
  public long read() {
    return nanos.get();
  }

  /** Moves time forward by {@code amount} (zero allowed, never backwards). */
  public FakeClock advance(Duration amount) {
    checkArgument(!amount.isNegative(), "time never goes backwards: %s", amount);
    nanos.addAndGet(amount.toNanos());
    return this;
  }

  /** The time passed since the clock was made. */
  public Duration elapsed() {
    return Duration.ofNanos(nanos.get());
  }
}
