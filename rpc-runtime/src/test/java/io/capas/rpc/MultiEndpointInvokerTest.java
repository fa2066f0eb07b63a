package io.capas.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.base.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The policies, ejection backoff and retry rule of {@link MultiEndpointInvoker}, on fakes. */
class MultiEndpointInvokerTest {
  private static final Duration BASE = Duration.ofMillis(100);
  private static final Duration MAX = Duration.ofSeconds(1);
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final FakeTicker ticker = new FakeTicker();

  /** An endpoint that answers its name, or fails with the kind it is set to. */
  private static class FakeEndpoint implements Invoker {
    final String name;
    RpcException.@Nullable Kind failing;
    int calls;

    FakeEndpoint(String name) {
      this.name = name;
    }

    @Override
    public @Nullable Object invoke(String method, List<@Nullable Object> params, Duration timeout) {
      calls++;
      RpcException.Kind kind = failing;
      if (kind == RpcException.Kind.FAULT) {
        throw new RpcFault(method, 4, "too many parameters");
      }
      if (kind != null) {
        throw new RpcException(kind, method, name + " failed with " + kind, null);
      }
      return name;
    }

    @Override
    public String target() {
      return name;
    }

    @Override
    public void close() {}
  }

  private static final class FakeTicker extends Ticker {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Override
    public long read() {
      return nanos.get();
    }

    void advance(Duration d) {
      nanos.addAndGet(d.toNanos());
    }
  }

  private MultiEndpointInvoker invoker(MultiEndpointSettings.Policy policy, FakeEndpoint... ends) {
    List<MultiEndpointInvoker.Member> members = new ArrayList<>();
    for (FakeEndpoint end : ends) {
      members.add(new MultiEndpointInvoker.Member(end.name, end));
    }
    return new MultiEndpointInvoker(members, policy, BASE, MAX, ticker);
  }

  private static @Nullable Object call(Invoker invoker) {
    return invoker.invoke("whoami", List.of(), TIMEOUT);
  }

  @Test
  void backoffDoublesPerFailureUpToTheCap() {
    assertEquals(BASE, MultiEndpointInvoker.backoff(1, BASE, MAX));
    assertEquals(Duration.ofMillis(200), MultiEndpointInvoker.backoff(2, BASE, MAX));
    assertEquals(Duration.ofMillis(400), MultiEndpointInvoker.backoff(3, BASE, MAX));
    assertEquals(Duration.ofMillis(800), MultiEndpointInvoker.backoff(4, BASE, MAX));
    assertEquals(MAX, MultiEndpointInvoker.backoff(5, BASE, MAX));
    assertEquals(MAX, MultiEndpointInvoker.backoff(62, BASE, MAX));
  }

  @Test
  void roundRobinTakesEachEndpointInTurn() {
    FakeEndpoint a = new FakeEndpoint("a");
    FakeEndpoint b = new FakeEndpoint("b");
    FakeEndpoint c = new FakeEndpoint("c");
    MultiEndpointInvoker invoker = invoker(MultiEndpointSettings.Policy.ROUND_ROBIN, a, b, c);
    List<@Nullable Object> answers = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      answers.add(call(invoker));
    }
    assertEquals(List.of("a", "b", "c", "a", "b", "c"), answers);
  }

  @Test
  void pickFirstStaysOnTheFirstUntilItIsEjected() {
    FakeEndpoint a = new FakeEndpoint("a");
    FakeEndpoint b = new FakeEndpoint("b");
    MultiEndpointInvoker invoker = invoker(MultiEndpointSettings.Policy.PICK_FIRST, a, b);
    assertEquals("a", call(invoker));
    assertEquals("a", call(invoker));
    a.failing = RpcException.Kind.UNAVAILABLE;
    assertEquals("b", call(invoker));
    assertEquals("b", call(invoker));
    assertEquals(3, a.calls, "an ejected endpoint is not tried again during its ejection");
    a.failing = null;
    ticker.advance(BASE);
    assertEquals("a", call(invoker), "back once its ejection ended");
  }

  @Test
  void aRefusingEndpointIsEjectedForADoublingBackoffAndFoundAgain() {
    FakeEndpoint a = new FakeEndpoint("a");
    FakeEndpoint down = new FakeEndpoint("down");
    down.failing = RpcException.Kind.UNAVAILABLE;
    MultiEndpointInvoker invoker = invoker(MultiEndpointSettings.Policy.ROUND_ROBIN, a, down);

    for (int i = 0; i < 4; i++) {
      assertEquals("a", call(invoker));
    }
    assertEquals(1, down.calls);
    assertTrue(invoker.ejected(1));

    ticker.advance(BASE.minusNanos(1));
    call(invoker);
    call(invoker);
    assertEquals(1, down.calls, "still ejected just before the first backoff ends");
    ticker.advance(Duration.ofNanos(1));
    call(invoker);
    call(invoker);
    assertEquals(2, down.calls, "tried again after 100 ms");

    ticker.advance(Duration.ofMillis(199));
    call(invoker);
    call(invoker);
    assertEquals(2, down.calls, "the second ejection is 200 ms");
    ticker.advance(Duration.ofMillis(1));
    call(invoker);
    call(invoker);
    assertEquals(3, down.calls);

    down.failing = null;
    ticker.advance(Duration.ofMillis(400));
    List<@Nullable Object> answers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      answers.add(call(invoker));
    }
    assertTrue(answers.contains("down"), answers.toString());
    assertFalse(invoker.ejected(1));
  }

  @ParameterizedTest
  @EnumSource(
      value = RpcException.Kind.class,
      names = {"TIMEOUT", "IO", "PROTOCOL", "FAULT", "CANCELLED", "CLOSED"})
  void aCallThatMayHaveRunIsNeverSentElsewhere(RpcException.Kind kind) {
    FakeEndpoint a = new FakeEndpoint("a");
    FakeEndpoint b = new FakeEndpoint("b");
    a.failing = kind;
    MultiEndpointInvoker invoker = invoker(MultiEndpointSettings.Policy.PICK_FIRST, a, b);
    RpcException e = assertThrows(RpcException.class, () -> call(invoker));
    assertEquals(kind, e.kind());
    assertEquals(0, b.calls);
    assertFalse(invoker.ejected(0), "only a failure to connect ejects");
  }

  @Test
  void whenEveryEndpointRefusesEachIsTriedOnceAndTheFailureListsThem() {
    FakeEndpoint a = new FakeEndpoint("a");
    FakeEndpoint b = new FakeEndpoint("b");
    FakeEndpoint c = new FakeEndpoint("c");
    for (FakeEndpoint end : List.of(a, b, c)) {
      end.failing = RpcException.Kind.UNAVAILABLE;
    }
    MultiEndpointInvoker invoker = invoker(MultiEndpointSettings.Policy.ROUND_ROBIN, a, b, c);
    RpcException e = assertThrows(RpcException.class, () -> call(invoker));
    assertEquals(RpcException.Kind.UNAVAILABLE, e.kind());
    assertEquals(List.of(1, 1, 1), List.of(a.calls, b.calls, c.calls));
    assertTrue(e.getMessage().contains("any of [a, b, c]"), e.getMessage());
    RpcException last = (RpcException) e.getCause();
    assertEquals(1, last.getSuppressed().length);

    // All ejected: a call still tries the endpoint whose ejection ends first, and only that one.
    assertThrows(RpcException.class, () -> call(invoker));
    assertEquals(4, a.calls + b.calls + c.calls);
  }

  @Test
  void theDeadlineCoversEveryAttempt() {
    FakeEndpoint slow =
        new FakeEndpoint("slow") {
          @Override
          public @Nullable Object invoke(
              String method, List<@Nullable Object> params, Duration timeout) {
            ticker.advance(TIMEOUT);
            return super.invoke(method, params, timeout);
          }
        };
    slow.failing = RpcException.Kind.UNAVAILABLE;
    FakeEndpoint b = new FakeEndpoint("b");
    MultiEndpointInvoker invoker = invoker(MultiEndpointSettings.Policy.PICK_FIRST, slow, b);
    RpcException e = assertThrows(RpcException.class, () -> call(invoker));
    assertEquals(RpcException.Kind.TIMEOUT, e.kind());
    assertEquals(0, b.calls);
  }
}
