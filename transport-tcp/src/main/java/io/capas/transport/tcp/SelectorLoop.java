package io.capas.transport.tcp;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.WARNING;

import io.capas.transport.SessionFailures;
import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One selector loop of a {@link MultiplexTcpServer}: a platform thread over its own {@link
 * Selector} that serves the connections handed to it for their whole life. It registers them,
 * reads, calls their sessions, checks their read deadlines, flushes their write queues and tells
 * them when they are closed, all on its thread, so each session is called from one thread only. The
 * server's first loop also accepts.
 *
 * <p>{@link #adopt}, {@link #closed} and {@link #wakeup} may be called from any thread; the rest
 * runs on the loop's thread.
 */
final class SelectorLoop {

  private static final System.Logger LOGGER = System.getLogger(SelectorLoop.class.getName());

  private final MultiplexTcpServer server;
  private final Selector selector;
  private final Thread thread;

  /** Its live connections; touched on the loop's thread only. */
  private final Set<MultiplexConnection> connections = new HashSet<>();

  /** Accepted channels waiting to be registered here. */
  private final ConcurrentLinkedQueue<SocketChannel> adopted = new ConcurrentLinkedQueue<>();

  /** Closed connections whose sessions still have to be told, here. */
  private final ConcurrentLinkedQueue<MultiplexConnection> closedQueue =
      new ConcurrentLinkedQueue<>();

  /** Work handed to this loop from other threads (a connection resuming after an offload). */
  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();

  /**
   * Until when ({@link System#nanoTime}) the loop's current select may sleep; {@link
   * Long#MAX_VALUE} while it is working out how long (see {@link #wakeupBy}).
   */
  private volatile long sleepsUntil = Long.MAX_VALUE;

  /** The longest a select sleeps, so that a deadline set from another thread needs no wake-up. */
  private static final long MAX_SLEEP_MILLIS = 1000;

  /** Channels handed to this loop and not closed yet, adopted or registered: its load. */
  private final AtomicInteger load = new AtomicInteger();

  /** Set once the loop has let go of its channels: later hand-overs are dropped at once. */
  private volatile boolean ended;

  SelectorLoop(MultiplexTcpServer server, Selector selector, String name) {
    this.server = server;
    this.selector = selector;
    this.thread = Thread.ofPlatform().name(name).daemon().unstarted(this::run);
  }

  Thread thread() {
    return thread;
  }

  boolean onLoopThread() {
    return Thread.currentThread() == thread;
  }

  void wakeup() {
    selector.wakeup();
  }

  /**
   * Wakes the loop if its select would sleep past {@code deadline} ({@link System#nanoTime}): a
   * deadline set from another thread, further than the loop's next wake-up, costs nothing.
   */
  void wakeupBy(long deadline) {
    if (deadline - sleepsUntil < 0) {
      selector.wakeup();
    }
  }

  /** Runs {@code task} on the loop's thread, soon (from any thread). */
  void execute(Runnable task) {
    tasks.add(task);
    if (!onLoopThread()) {
      selector.wakeup();
    }
    if (ended) {
      tasks.clear(); // the loop is gone, and with it its connections
    }
  }

  int load() {
    return load.get();
  }

  /**
   * Takes an accepted channel, counted in the server's connections already: it is registered and
   * its session opened on this loop's thread (at once when called there).
   */
  void adopt(SocketChannel channel) {
    load.incrementAndGet();
    if (onLoopThread()) {
      registerOrDrop(channel);
    } else {
      adopted.add(channel);
      selector.wakeup();
      if (ended) {
        // The loop is gone (the server is stopping): it will not register this channel. Either
        // it saw the channel when it dropped the queue, or this sees the flag.
        dropAdopted();
      }
    }
  }

  /** Called by a connection when its channel closed, from any thread. */
  void closed(MultiplexConnection connection) {
    load.decrementAndGet();
    closedQueue.add(connection);
    if (!onLoopThread()) {
      selector.wakeup();
    }
    server.closed(connection);
  }

  private void run() {
    try {
      while (!server.stopping()) {
        sleepsUntil = Long.MAX_VALUE;
        long now = System.nanoTime();
        long wait = nextWaitMillis(now);
        sleepsUntil = now + wait * 1_000_000;
        selector.select(wait);
        sleepsUntil = Long.MAX_VALUE;
        registerAdopted();
        runTasks();
        finishClosed();
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
          SelectionKey key = keys.next();
          keys.remove();
          if (key.isValid()) {
            serve(key);
          }
        }
        now = System.nanoTime();
        for (MultiplexConnection connection : connections) {
          try {
            connection.checkDeadline(now);
          } catch (Throwable e) {
            failed(connection, e);
          }
        }
        finishClosed();
      }
    } catch (Throwable e) {
      // Only the selector itself gets here (each connection's failures end at serve): the loop
      // cannot go on, and the server cannot serve without it, so the whole server stops rather
      // than leave this loop's connections (and the ones still handed to it) unserved while the
      // port still accepts.
      if (!server.stopping()) {
        LOGGER.log(
            WARNING,
            () ->
                "selector loop "
                    + thread.getName()
                    + " failed, stopping the server: "
                    + SessionFailures.describe(e));
        server.close();
      }
    } finally {
      for (MultiplexConnection connection : new ArrayList<>(connections)) {
        connection.closeNow();
      }
      ended = true;
      dropAdopted();
      finishClosed();
      MultiplexTcpServer.closeQuietly(selector);
      server.loopEnded();
    }
  }

  /**
   * Flushes, reads or accepts for one ready key. Whatever it throws, even an {@link Error} (a
   * session's are caught in {@link MultiplexConnection} already; this is for the rest, such as a
   * buffer that cannot be allocated), closes that connection only, and the loop goes on.
   */
  private void serve(SelectionKey key) {
    if (key.attachment() instanceof MultiplexConnection connection) {
      try {
        if (key.isWritable()) {
          connection.flush();
        }
        if (key.isValid() && key.isReadable()) {
          connection.read();
        }
      } catch (Throwable e) {
        failed(connection, e);
      }
    } else if (key.isAcceptable()) {
      try {
        server.acceptSome();
      } catch (Throwable e) {
        SessionFailures.report(LOGGER, "the listener of " + server, e);
      }
    }
  }

  private static void failed(MultiplexConnection connection, Throwable e) {
    SessionFailures.report(LOGGER, connection, e);
    connection.closeNow();
  }

  private void runTasks() {
    for (Runnable task; (task = tasks.poll()) != null; ) {
      try {
        task.run();
      } catch (Throwable e) {
        SessionFailures.report(LOGGER, "a task on " + this, e);
      }
    }
  }

  /**
   * How long the select may block: until the nearest deadline, at most {@link #MAX_SLEEP_MILLIS}.
   */
  private long nextWaitMillis(long now) {
    long nearest = MAX_SLEEP_MILLIS * 1_000_000;
    for (MultiplexConnection connection : connections) {
      long deadline = connection.deadline();
      if (deadline != 0) {
        nearest = Math.min(nearest, Math.max(0, deadline - now));
      }
    }
    return Math.max(1, (nearest + 999_999) / 1_000_000);
  }

  private void registerAdopted() {
    for (SocketChannel channel; (channel = adopted.poll()) != null; ) {
      registerOrDrop(channel);
    }
  }

  private void registerOrDrop(SocketChannel channel) {
    try {
      register(channel);
    } catch (Throwable e) {
      // Out of memory creating the connection, most likely (its session's own failures are
      // handled in open): this channel is dropped, the loop goes on.
      SessionFailures.report(LOGGER, channel, e);
      drop(channel);
    }
  }

  private void register(SocketChannel channel) {
    if (server.stopping()) {
      drop(channel);
      return;
    }
    MultiplexConnection connection;
    try {
      channel.configureBlocking(false);
      channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, server.config.tcpNoDelay());
      SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
      connection = new MultiplexConnection(server, this, channel, key);
      key.attach(connection);
    } catch (IOException e) {
      LOGGER.log(DEBUG, () -> "dropping a connection on " + server.address() + ": " + e);
      drop(channel);
      return;
    }
    connections.add(connection);
    server.registered(connection);
    if (server.draining()) {
      // Registered after shutdown began: either shutdown saw it among the live connections, or
      // this sees the flag (both are volatile), so it is never left open until the grace ends.
      connection.drain();
    } else {
      connection.open(server.sessions);
    }
  }

  /** Closes a handed-over channel that never became a connection, and gives its slot back. */
  private void drop(SocketChannel channel) {
    MultiplexTcpServer.closeQuietly(channel);
    load.decrementAndGet();
    server.dropped();
  }

  private void dropAdopted() {
    for (SocketChannel channel; (channel = adopted.poll()) != null; ) {
      drop(channel);
    }
  }

  /** Tells each closed connection's session, outside any other session call, and forgets it. */
  private void finishClosed() {
    for (MultiplexConnection c; (c = closedQueue.poll()) != null; ) {
      connections.remove(c);
      try {
        c.finish();
      } catch (Throwable e) {
        SessionFailures.report(LOGGER, c, e);
      }
    }
  }

  @Override
  public String toString() {
    return "SelectorLoop[" + thread.getName() + ", " + load.get() + " connections]";
  }
}
