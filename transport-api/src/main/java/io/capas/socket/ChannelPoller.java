package io.capas.socket;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * Parks threads until their non-blocking channel is ready, with a deadline: one daemon thread and
 * one selector for every {@link UnixClient}. A waiting virtual thread parks, so an idle Unix
 * connection costs no platform thread (a selector per connection would hold a carrier in {@code
 * select}), and a read can time out and leave the connection usable, which the JDK's blocking
 * channels cannot do.
 *
 * <p>Safe for concurrent use. A channel closed elsewhere must be followed by {@link #wakeup()}, so
 * that the selector lets go of it and its descriptor is released.
 */
final class ChannelPoller {

  private static final System.Logger LOGGER = System.getLogger(ChannelPoller.class.getName());

  private final Selector selector;
  private final Queue<Waiter> arriving = new ConcurrentLinkedQueue<>();

  private ChannelPoller() {
    try {
      selector = Selector.open();
    } catch (IOException e) {
      throw new UncheckedIOException("opening the Unix socket poller's selector", e);
    }
    Thread.ofPlatform().name("capas-unix-poller").daemon().start(this::loop);
  }

  /** The poller, started on first use. */
  static ChannelPoller get() {
    return Holder.INSTANCE;
  }

  private static final class Holder {
    static final ChannelPoller INSTANCE = new ChannelPoller();
  }

  /**
   * Waits until {@code channel} is ready for {@code op} ({@link SelectionKey#OP_READ}, {@code
   * OP_WRITE} or {@code OP_CONNECT}), {@code timeoutNanos} pass (0: no bound), or {@code
   * stillWaiting} turns false (the connection closed). One waiter per channel and operation.
   *
   * @return false when the time passed first
   */
  boolean await(SelectableChannel channel, int op, long timeoutNanos, Waiting stillWaiting) {
    Waiter waiter = new Waiter(channel, op, Thread.currentThread());
    arriving.add(waiter);
    selector.wakeup();
    long deadline = System.nanoTime() + timeoutNanos;
    while (!waiter.ready && stillWaiting.now()) {
      if (timeoutNanos == 0) {
        LockSupport.park(this);
      } else {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          waiter.cancelled = true;
          return false;
        }
        LockSupport.parkNanos(this, left);
      }
    }
    waiter.cancelled = true;
    return true;
  }

  /** Makes the selector look at its keys again (after a channel closed). */
  void wakeup() {
    selector.wakeup();
  }

  private void loop() {
    while (true) {
      try {
        selector.select();
        Waiter next;
        while ((next = arriving.poll()) != null) {
          arm(next);
        }
        for (SelectionKey key : selector.selectedKeys()) {
          fire(key);
        }
        selector.selectedKeys().clear();
      } catch (Throwable e) {
        // One channel's failure must not end the poller that every Unix connection shares.
        LOGGER.log(System.Logger.Level.WARNING, "Unix socket poller: " + e, e);
      }
    }
  }

  private void arm(Waiter waiter) {
    if (waiter.cancelled) {
      return;
    }
    try {
      SelectionKey key = waiter.channel.keyFor(selector);
      if (key == null || !key.isValid()) {
        if (key != null) {
          selector.selectNow(); // flushes the cancelled key so the channel may register again
        }
        Interest interest = new Interest();
        interest.set(waiter);
        waiter.channel.register(selector, waiter.op, interest);
      } else {
        ((Interest) key.attachment()).set(waiter);
        key.interestOps(key.interestOps() | waiter.op);
      }
    } catch (ClosedChannelException | CancelledKeyException e) {
      waiter.wake(); // the reader sees the closed channel
    } catch (IOException e) {
      waiter.wake();
    }
  }

  private static void fire(SelectionKey key) {
    Interest interest = (Interest) key.attachment();
    int ready;
    try {
      ready = key.readyOps();
      key.interestOps(key.interestOps() & ~ready);
    } catch (CancelledKeyException e) {
      ready = SelectionKey.OP_READ | SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT;
    }
    interest.fire(ready);
  }

  /** Whether a waiter still wants to wait (its connection is open). */
  @FunctionalInterface
  interface Waiting {
    boolean now();
  }

  /** One parked thread waiting for one operation. */
  private static final class Waiter {
    final SelectableChannel channel;
    final int op;
    final Thread thread;
    volatile boolean ready;
    volatile boolean cancelled;

    Waiter(SelectableChannel channel, int op, Thread thread) {
      this.channel = channel;
      this.op = op;
      this.thread = thread;
    }

    void wake() {
      ready = true;
      LockSupport.unpark(thread);
    }
  }

  /** The waiters of one channel, by operation; used by the poller's thread only. */
  private static final class Interest {
    private @Nullable Waiter read;
    private @Nullable Waiter write;

    void set(Waiter waiter) {
      if (waiter.op == SelectionKey.OP_READ) {
        read = waiter;
      } else {
        write = waiter; // OP_WRITE or OP_CONNECT, never at once on one channel
      }
    }

    void fire(int ready) {
      if ((ready & SelectionKey.OP_READ) != 0 && read != null) {
        read.wake();
        read = null;
      }
      if ((ready & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT)) != 0 && write != null) {
        write.wake();
        write = null;
      }
    }
  }
}
