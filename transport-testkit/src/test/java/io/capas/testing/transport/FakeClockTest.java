package io.capas.testing.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.common.base.Stopwatch;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FakeClockTest {

  @Test
  void movesOnlyWhenAdvanced() {
    FakeClock clock = new FakeClock();
    Stopwatch watch = Stopwatch.createStarted(clock);
    assertEquals(0, watch.elapsed(TimeUnit.NANOSECONDS));
    clock.advance(Duration.ofMillis(250));
    assertEquals(250, watch.elapsed(TimeUnit.MILLISECONDS));
    assertEquals(Duration.ofMillis(250), clock.elapsed());
  }

  @Test
  void neverGoesBackwards() {
    assertThrows(
        IllegalArgumentException.class, () -> new FakeClock().advance(Duration.ofNanos(-1)));
  }
}
