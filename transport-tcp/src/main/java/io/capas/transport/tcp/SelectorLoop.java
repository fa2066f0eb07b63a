package io.capas.transport.tcp;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.WARNING;

import io.capas.transport.internal.SessionFailures;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * One selector loop of a {@link MultiplexTcpServer}: a platform thread over its own {@link
 * Selector} that serves the connections handed to it for their whole life. It registers them,
 * reads, calls their sessions, checks their read deadlines, flushes their write queues and tells
 * them when they are closed, all on its thread, so each session is called from one thread only. The
 * server's first loop also accepts.
 *
 * <p>{@link #adopt}, {@link #closed} and {@link #wakeup} may be called from any thread; the rest
 * runs on the loop's thread.
 *
 * <p>A task a session call offloads (an RPC handler) runs on the loop itself, once the call has
 * returned, unless the loop moved house recently: most handlers answer in microseconds, and a
 * hand-off to another thread costs more than the handler. The server's watchdog ({@link
 * MultiplexTcpServer}) looks at the loops every millisecond or two; a task still running after
 * {@link TcpConfig#offloadAfter()} keeps the thread it runs on, and the loop goes on at once on a
 * new platform thread (as Go's runtime hands its processor to a new thread when a goroutine blocks
 * in a system call). For a second after that the loop starts each task on a virtual thread of its
 * own, so a burst of blocking handlers costs virtual threads, not one platform thread each. So a
 * blocking handler delays the other connections of its loop by at most about {@code offloadAfter}
 * plus the watchdog's tick, and a fast one costs no thread switch at all.
 */
final class SelectorLoop {

  private static final System.Logger LOGGER = System.getLogger(SelectorLoop.class.getName());

  private final MultiplexTcpServer server;
  private final Selector selector;
  private final String name;

  /** The thread running the loop: a new one each time a task overstays (see the class doc). */
  private volatile Thread thread;

  /** How many times the loop moved to a new thread, for its threads' names. */
  private int moves;

  /**
   * {@link #IDLE}, {@link #MOVED}, or when the task running on the loop started (odd).
   *
   * <p>A state packed into a long rather than an enum, deliberately: the state and the start time
   * must change together, in one compare-and-set that decides whether the task returned first
   * ({@link #runPending}) or the watchdog moved the loop ({@link #moveIfStuck}). An enum beside the
   * time would need a lock, or a new (state, time) object for every task the loop runs.
   */
  private final AtomicLong taskSince = new AtomicLong(IDLE);

  private static final long IDLE = 0;
  private static final long MOVED = 2;

  /** Tasks run on the loop so far, read by the watchdog to tell a busy loop from an idle one. */
  private final AtomicLong tasksRun = new AtomicLong();

  /** Until when ({@link System#nanoTime}) tasks go to virtual threads: set when the loop moves. */
  private volatile long virtualUntil;

  private volatile boolean everMoved;

  /** How long tasks go to virtual threads after the loop moved. */
  private static final long VIRTUAL_WINDOW_NANOS = 1_000_000_000L;

  /** The task a session call just offloaded, and its connection: run once the call returned. */
  private @Nullable MultiplexConnection pendingConnection;

  private @Nullable Runnable pendingTask;

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

  /** Counted down once the loop has ended, on whichever thread it last ran. */
  private final CountDownLatch finished = new CountDownLatch(1);

  /** Set once the loop has let go of its channels: later hand-overs are dropped at once. */
  private volatile boolean ended;

  SelectorLoop(MultiplexTcpServer server, Selector selector, String name) {
    this.server = server;
    this.selector = selector;
    this.name = name;
    this.thread = Thread.ofPlatform().name(name).daemon().unstarted(this::run);
  }

  /** Raised on a thread the loop moved away from, once its task returned: it leaves the loop. */
  private static final class Moved extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Moved() {
      super(null, null, false, false);
    }
  }

  /**
   * Takes the task a session call of {@code connection} offloaded, to run once the call has
   * returned and the loop is done with the connection for now (loop thread).
   */
  void offloaded(MultiplexConnection connection, Runnable task) {
    long timeout = server.config.offloadAfter().toNanos();
    if (timeout == 0
        || pendingConnection != null // a second task in one call (opening adopted channels)
        || (everMoved && System.nanoTime() - virtualUntil < 0)) {
      connection.startVirtual(task);
      return;
    }
    pendingConnection = connection;
    pendingTask = task;
  }

  /**
   * Runs the task offloaded by the session call that just returned, on this thread while it is
   * quick; throws {@link Moved} if the watchdog moved the loop to a new thread meanwhile.
   */
  private void runPending() {
    MultiplexConnection connection = pendingConnection;
    Runnable task = pendingTask;
    if (connection == null || task == null) {
      return;
    }
    pendingConnection = null;
    pendingTask = null;
    long since = System.nanoTime() | 1; // odd: never IDLE nor MOVED
    taskSince.set(since);
    tasksRun.setOpaque(tasksRun.getPlain() + 1);
    connection.runTask(task);
    boolean stayed = taskSince.compareAndSet(since, IDLE);
    connection.taskDone();
    if (!stayed) {
      throw new Moved();
    }
  }

  /**
   * Moves the loop to a new thread if its task has run longer than {@code timeout} (the server's
   * watchdog thread); the old thread finishes the task and then leaves.
   */
  void moveIfStuck(long since, long now, long timeout) {
    if (!isTask(since) || now - since < timeout) {
      return;
    }
    if (!taskSince.compareAndSet(since, MOVED)) {
      return; // the task has just returned
    }
    virtualUntil = now + VIRTUAL_WINDOW_NANOS;
    everMoved = true;
    Thread next = Thread.ofPlatform().name(name + "." + ++moves).daemon().unstarted(this::run);
    LOGGER.log(
        DEBUG,
        () ->
            "a task on "
                + thread.getName()
                + " ran past "
                + server.config.offloadAfter()
                + ": the loop goes on on "
                + next.getName());
    thread = next;
    next.start();
  }

  /**
   * Moves the loop to a new thread now if a task holds its thread (the server is stopping): the new
   * thread lets go of the channels and the selector at once, while the task goes on on the old one.
   */
  void moveOffTask() {
    long since = taskSince.get();
    if (isTask(since)) {
      moveIfStuck(since, System.nanoTime(), 0);
    }
  }

  /** The read buffer no connection holds, if any (loop thread). */
  private @Nullable ByteBuffer spareReadBuffer;

  /** A cleared read buffer for a connection to read into (loop thread). */
  ByteBuffer borrowReadBuffer() {
    ByteBuffer buffer = spareReadBuffer;
    if (buffer == null) {
      return ByteBuffer.allocate(server.config.readBufferSize());
    }
    spareReadBuffer = null;
    return buffer.clear();
  }

  /** Takes back a read buffer a connection no longer needs (loop thread). */
  void returnReadBuffer(ByteBuffer buffer) {
    if (buffer.capacity() == server.config.readBufferSize()) {
      spareReadBuffer = buffer;
    }
  }

  /** When the task running on the loop started (an odd {@link System#nanoTime}), or not a task. */
  long taskSince() {
    return taskSince.get();
  }

  /** Whether a {@link #taskSince()} value is a running task's start. */
  static boolean isTask(long since) {
    return since != IDLE && since != MOVED;
  }

  /** Tasks run on the loop so far (any thread). */
  long tasksRun() {
    return tasksRun.getOpaque();
  }

  /** The thread the loop runs on now (it changes when a task overstays). */
  Thread thread() {
    return thread;
  }

  /**
   * Waits for the loop to end and its last thread to exit, whichever thread that is; false if it
   * has not after {@code timeout}.
   */
  boolean awaitEnd(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    if (!finished.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
      return false;
    }
    // The thread that counted down ran the loop's last lines; it has started, so it can be joined.
    return thread.join(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
  }

  boolean hasEnded() {
    return finished.getCount() == 0;
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
    taskSince.set(IDLE);
    boolean moved = false;
    try {
      while (!server.stopping()) {
        sleepsUntil = Long.MAX_VALUE;
        if (tasks.isEmpty()) {
          long now = System.nanoTime();
          long wait = nextWaitMillis(now);
          sleepsUntil = now + wait * 1_000_000;
          selector.select(wait);
        } else {
          selector.selectNow(); // a task queued on this thread (a resume) waits for no wake-up
        }
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
            runPending();
          }
        }
        long now = System.nanoTime();
        for (MultiplexConnection connection : connections) {
          try {
            connection.checkDeadline(now);
          } catch (Throwable e) {
            failed(connection, e);
          }
          runPending();
        }
        finishClosed();
      }
    } catch (Moved e) {
      // The loop goes on on another thread, which owns it now: this one only had a task to end.
      moved = true;
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
      if (!moved) {
        for (MultiplexConnection connection : new ArrayList<>(connections)) {
          connection.closeNow();
        }
        ended = true;
        dropAdopted();
        finishClosed();
        MultiplexTcpServer.closeQuietly(selector);
        finished.countDown();
        server.loopEnded();
      }
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
      } catch (CancelledKeyException e) {
        // Closed from another thread (the server stopping) between the key's check and its use:
        // not a failure of the session.
        connection.closeNow();
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
      runPending();
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
      runPending();
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
      if (channel.supportedOptions().contains(StandardSocketOptions.TCP_NODELAY)) { // not AF_UNIX
        channel.setOption(StandardSocketOptions.TCP_NODELAY, server.config.tcpNoDelay());
      }
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
