package io.capas.socket;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Starts concurrent handlers, each on a virtual thread of its own, so a server may start one per
 * connection without counting them.
 *
 * <pre>{@code
 * while (true) {
 *   TcpClient client = server.accept();
 *   Threads.start(() -> serve(client));
 * }
 * }</pre>
 *
 * Safe for concurrent use.
 */
public final class Threads {

  private static final AtomicLong COUNTER = new AtomicLong();

  private Threads() {}

  /** Starts {@code task} on a new virtual thread named {@code capas-N}. */
  public static Thread start(Runnable task) {
    return start("capas-" + COUNTER.incrementAndGet(), task);
  }

  /** Starts {@code task} on a new virtual thread with the given name. */
  public static Thread start(String name, Runnable task) {
    return Thread.ofVirtual().name(name).start(task);
  }
}
