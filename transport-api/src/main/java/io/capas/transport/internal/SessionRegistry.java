package io.capas.transport.internal;

import static com.google.common.base.Preconditions.checkArgument;

import io.capas.transport.Connection;
import io.capas.transport.SessionFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The live sessions of one server: admits new connections up to a maximum, counts them, and drains
 * or closes them all for shutdown. Blocking server models use it with {@link SessionRunner}.
 *
 * <p>Safe for concurrent use.
 */
public final class SessionRegistry {

  private final int maxConnections;
  private final Set<SessionRunner> live = new LinkedHashSet<>();
  private boolean closed;

  /**
   * @param maxConnections the most sessions at once
   */
  public SessionRegistry(int maxConnections) {
    checkArgument(maxConnections > 0, "maxConnections must be positive: %s", maxConnections);
    this.maxConnections = maxConnections;
  }

  /**
   * A runner for {@code connection}, registered until its {@code run} ends; empty when the server
   * is full or shut down, and then the caller closes the connection.
   */
  public Optional<SessionRunner> admit(
      Connection connection, SessionFactory sessions, Duration idleTimeout, int readBufferSize) {
    return admit(connection, sessions, SessionRunner.Work.INLINE, idleTimeout, readBufferSize);
  }

  /**
   * As {@link #admit(Connection, SessionFactory, Duration, int)}, with the session's calls made on
   * {@code work} (see {@link SessionRunner}).
   */
  public synchronized Optional<SessionRunner> admit(
      Connection connection,
      SessionFactory sessions,
      SessionRunner.Work work,
      Duration idleTimeout,
      int readBufferSize) {
    if (closed || live.size() >= maxConnections) {
      return Optional.empty();
    }
    SessionRunner runner =
        new SessionRunner(connection, sessions, work, idleTimeout, readBufferSize, this::finished);
    live.add(runner);
    return Optional.of(runner);
  }

  private synchronized void finished(SessionRunner runner) {
    live.remove(runner);
    notifyAll();
  }

  public synchronized int size() {
    return live.size();
  }

  /** Admits no more connections. */
  public synchronized void stopAdmitting() {
    closed = true;
  }

  /** Drains every live session (see {@link SessionRunner#drain()}). */
  public void drainAll() {
    for (SessionRunner runner : snapshot()) {
      runner.drain();
    }
  }

  /** Closes every live session now. */
  public void closeAll() {
    for (SessionRunner runner : snapshot()) {
      runner.close();
    }
  }

  /**
   * Waits until no session is live, at most {@code timeout}.
   *
   * @return true when none is left
   */
  public synchronized boolean awaitEmpty(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!live.isEmpty()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }

  /**
   * The graceful shutdown every blocking server does: stop admitting, drain, wait until {@code
   * grace} passes, then close the rest. A session stuck inside a call still has its connection
   * closed; its runner ends when the call returns.
   */
  public void shutdown(Duration grace) throws InterruptedException {
    stopAdmitting();
    drainAll();
    if (!awaitEmpty(grace)) {
      closeAll();
    }
  }

  /**
   * Closes every session whose write has waited longer than {@code timeout} for the peer to take
   * its bytes (see {@link SessionRunner#writeStalled}); the blocked write then fails and the
   * session ends. Each close runs on a virtual thread of its own, so that a close that itself waits
   * (TLS sends close_notify) cannot hold the caller. Blocking servers call it periodically.
   *
   * @return how many were closed
   */
  public int closeStalledWriters(Duration timeout) {
    long now = System.nanoTime();
    long nanos = timeout.toNanos();
    int closed = 0;
    for (SessionRunner runner : snapshot()) {
      // A runner already closing is left to it: one close thread per stalled session, not one per
      // sweep while a slow (TLS) close is under way.
      if (runner.writeStalled(now, nanos) && !runner.isClosed()) {
        Thread.ofVirtual().name("capas-close-stalled").start(runner::close);
        closed++;
      }
    }
    return closed;
  }

  private synchronized List<SessionRunner> snapshot() {
    return new ArrayList<>(live);
  }
}
