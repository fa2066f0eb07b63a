package io.capas.rpc;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.annotations.VisibleForTesting;
import com.google.common.base.Ticker;
import com.google.common.collect.ImmutableList;
import io.capas.http.Headers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Calls one of several endpoints, each its own binding ({@link Invoker}): the policy picks one, an
 * endpoint that fails to connect is ejected for a backoff period, and a call goes to another
 * endpoint only when it cannot have been processed ({@link #notProcessed}).
 *
 * <p>Backoff: the n-th consecutive connect failure of an endpoint ejects it for {@code base *
 * 2^(n-1)}, at most {@code max}; a success ends its failure streak. A call tries each endpoint at
 * most once, skipping ejected ones; when every endpoint it has not tried is ejected and it has
 * tried none, it tries the one whose ejection ends first, so that a call is never refused without
 * an attempt and a recovered endpoint is found again.
 *
 * <p>Safe for concurrent use; {@link #close()} closes every endpoint's binding.
 */
final class MultiEndpointInvoker implements Invoker {
  private final ImmutableList<Member> members;
  private final MultiEndpointSettings.Policy policy;
  private final Duration baseEjection;
  private final Duration maxEjection;
  private final Ticker ticker;
  private final AtomicInteger next = new AtomicInteger();
  private final String target;

  /** One endpoint: its binding and its ejection state (guarded by the member's lock). */
  static final class Member {
    final String name;
    final Invoker invoker;
    private int failures;
    private long ejectedUntil;
    private boolean ejected;

    Member(String name, Invoker invoker) {
      this.name = name;
      this.invoker = invoker;
    }

    synchronized boolean ejectedAt(long now) {
      return ejected && now - ejectedUntil < 0;
    }

    synchronized long ejectedUntil() {
      return ejected ? ejectedUntil : Long.MIN_VALUE;
    }

    synchronized void succeeded() {
      failures = 0;
      ejected = false;
    }

    /** Ejects this endpoint for the backoff of its failure streak; returns that backoff. */
    synchronized Duration failed(long now, Duration base, Duration max) {
      failures = Math.min(failures + 1, 62);
      Duration backoff = backoff(failures, base, max);
      ejected = true;
      ejectedUntil = now + backoff.toNanos();
      return backoff;
    }
  }

  MultiEndpointInvoker(
      List<Member> members,
      MultiEndpointSettings.Policy policy,
      Duration baseEjection,
      Duration maxEjection,
      Ticker ticker) {
    checkArgument(!members.isEmpty(), "no endpoints");
    this.members = ImmutableList.copyOf(members);
    this.policy = policy;
    this.baseEjection = baseEjection;
    this.maxEjection = maxEjection;
    this.ticker = ticker;
    this.target =
        members.size() == 1
            ? members.get(0).name
            : "any of [" + String.join(", ", members.stream().map(m -> m.name).toList()) + "]";
  }

  /**
   * The ejection after {@code failures} consecutive connect failures: {@code base * 2^(failures -
   * 1)}, capped at {@code max}.
   */
  @VisibleForTesting
  static Duration backoff(int failures, Duration base, Duration max) {
    checkArgument(failures > 0, "failures must be positive: %s", failures);
    int doublings = failures - 1;
    // Past 2^40 any positive base exceeds every sensible cap; shifting further would overflow.
    if (doublings >= 40 || base.toNanos() > (max.toNanos() >> doublings)) {
      return max;
    }
    return Duration.ofNanos(base.toNanos() << doublings);
  }

  /**
   * Whether a failed call certainly never reached the server's handler, so that sending it to
   * another endpoint cannot run it twice. One case per kind:
   *
   * <ul>
   *   <li>{@code UNAVAILABLE}: the host did not resolve or no connection was made (refused, no
   *       route, the connect timeout passed): no byte of the request left. The bindings keep this
   *       kind for that case only; a call written to a kept-alive connection that then broke is
   *       {@code IO}, even when reconnecting fails afterwards. Retried.
   *   <li>{@code TIMEOUT}: the call's deadline passed; the request may be running on the server.
   *       Never retried (a connect cut short by the deadline is this kind too: no time is left).
   *   <li>{@code IO}: the connection broke after the request was written. Never retried.
   *   <li>{@code PROTOCOL}, {@code FAULT}: the server answered. Never retried.
   *   <li>{@code CANCELLED}, {@code CLOSED}: the caller's decision. Never retried.
   * </ul>
   */
  static boolean notProcessed(RpcException e) {
    return e.kind() == RpcException.Kind.UNAVAILABLE;
  }

  @Override
  public @Nullable Object invoke(String method, List<@Nullable Object> params, Duration timeout) {
    return invoke(method, params, timeout, Headers.empty());
  }

  @Override
  public @Nullable Object invoke(
      String method, List<@Nullable Object> params, Duration timeout, Headers headers) {
    long start = ticker.read();
    boolean[] tried = new boolean[members.size()];
    RpcException failure = null;
    for (int attempt = 0; attempt < members.size(); attempt++) {
      long now = ticker.read();
      int index = choose(tried, now, attempt == 0);
      if (index < 0) {
        break;
      }
      tried[index] = true;
      Duration left = timeout.minusNanos(now - start);
      if (!left.isPositive()) {
        throw Failures.timeout(method, target, timeout);
      }
      Member member = members.get(index);
      try {
        // The full timeout on the first attempt keeps the binding's precomputed request head.
        @Nullable Object result =
            member.invoker.invoke(method, params, attempt == 0 ? timeout : left, headers);
        member.succeeded();
        return result;
      } catch (RpcException e) {
        if (!notProcessed(e)) {
          if (failure != null) {
            e.addSuppressed(failure);
          }
          throw e;
        }
        member.failed(ticker.read(), baseEjection, maxEjection);
        if (failure != null) {
          e.addSuppressed(failure);
        }
        failure = e;
      }
    }
    throw new RpcException(
        RpcException.Kind.UNAVAILABLE,
        method,
        "no endpoint of " + target + " accepted a connection for method " + method,
        failure);
  }

  /**
   * The next endpoint to try: by the policy among those neither tried nor ejected; on the first
   * attempt, failing that, the ejected one whose ejection ends first. {@code -1} when none is left.
   */
  private int choose(boolean[] tried, long now, boolean first) {
    int n = members.size();
    int[] eligible = new int[n];
    int count = 0;
    int soonest = -1;
    for (int index = 0; index < n; index++) {
      if (tried[index]) {
        continue;
      }
      Member member = members.get(index);
      if (!member.ejectedAt(now)) {
        eligible[count++] = index;
      } else if (soonest < 0 || member.ejectedUntil() - members.get(soonest).ejectedUntil() < 0) {
        soonest = index;
      }
    }
    if (count > 0) {
      // Round-robin turns over the eligible endpoints only, so that those left share the load
      // of an ejected one evenly.
      return policy == MultiEndpointSettings.Policy.ROUND_ROBIN
          ? eligible[Math.floorMod(next.getAndIncrement(), count)]
          : eligible[0];
    }
    return first ? soonest : -1;
  }

  /** Whether endpoint {@code index} (in the order given) is ejected now. */
  @VisibleForTesting
  boolean ejected(int index) {
    return members.get(index).ejectedAt(ticker.read());
  }

  @Override
  public String target() {
    return target;
  }

  @Override
  public void close() {
    for (Member member : members) {
      member.invoker.close();
    }
  }
}
