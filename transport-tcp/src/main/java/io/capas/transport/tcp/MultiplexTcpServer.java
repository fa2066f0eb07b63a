package io.capas.transport.tcp;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.INFO;

import com.google.common.annotations.VisibleForTesting;
import io.capas.socket.UnixClient;
import io.capas.socket.UnixListener;
import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.Server;
import io.capas.transport.SessionFactory;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * The multiplexing server model: a group of {@link SelectorLoop}s ({@link
 * TcpConfig#selectorThreads()}) serve every connection over non-blocking channels. The first loop
 * accepts and hands each new connection to the loop with the fewest connections, scanning from the
 * next loop in turn so that ties go round-robin; the connection then lives on that loop, whose
 * thread alone reads it, calls its session, checks its read deadline and flushes it.
 *
 * <p>Least loaded rather than plain round-robin: it costs one counter read per loop and accept, and
 * keeps the loops even when connections live for different times (a churn of short connections does
 * not leave the long ones piled on one loop); with connections alike it is round-robin.
 *
 * <p>Writes go straight to the channel while it takes them, then queue; a connection whose queue
 * passes {@link TcpConfig#writeQueueHighWatermark()} is not read again until half of it is sent
 * (backpressure). Read deadlines are checked on every wakeup of a loop, and its select waits no
 * longer than the nearest one. The connection count ({@link TcpConfig#maxConnections()}) and the
 * queue statistics are server-wide. Safe for concurrent use.
 */
final class MultiplexTcpServer implements Server {

  private static final System.Logger LOGGER = System.getLogger(MultiplexTcpServer.class.getName());

  /** Connections accepted per wakeup, so one flood cannot starve the others. */
  private static final int ACCEPTS_PER_WAKEUP = 256;

  /** How long close and shutdown wait for the loops to let go of the channels. */
  private static final Duration STOP_WAIT = Duration.ofSeconds(2);

  final TcpConfig config;
  final SessionFactory sessions;
  private final ServerSocketChannel listener;

  /** The Unix socket listener that owns {@link #listener}, when serving on one. */
  private final @Nullable UnixListener unixListener;

  private final InetSocketAddress address;
  private final Endpoint endpoint;
  private final SelectorLoop[] loops;

  /** Every registered connection not closed yet, for shutdown and close. */
  private final Set<MultiplexConnection> live = ConcurrentHashMap.newKeySet();

  /** Accepted connections not closed yet, registered or still being handed to their loop. */
  private final AtomicInteger open = new AtomicInteger();

  private final Object openChanged = new Object();
  private final AtomicLong mostQueued = new AtomicLong();
  private int nextLoop;
  private volatile boolean draining;
  private volatile boolean stopping;

  private MultiplexTcpServer(
      ServerSocketChannel listener,
      @Nullable UnixListener unixListener,
      Selector[] selectors,
      SessionFactory sessions,
      TcpConfig config)
      throws IOException {
    this.listener = listener;
    this.unixListener = unixListener;
    this.sessions = sessions;
    this.config = config;
    this.address = UnixClient.inetView(listener.getLocalAddress());
    this.endpoint =
        unixListener != null
            ? Endpoint.unix(unixListener.path())
            : Endpoint.of(address.getHostString(), address.getPort());
    this.loops = new SelectorLoop[selectors.length];
    for (int i = 0; i < selectors.length; i++) {
      loops[i] =
          new SelectorLoop(this, selectors[i], "capas-tcp-selector-" + address.getPort() + "-" + i);
    }
  }

  static MultiplexTcpServer start(
      Endpoint local, SessionFactory sessions, TcpConfig config, HostResolver resolver)
      throws IOException {
    InetSocketAddress bindTo =
        local.host().equals("*")
            ? new InetSocketAddress(local.port())
            : new InetSocketAddress(firstAddress(resolver, local.host()), local.port());
    ServerSocketChannel listener = ServerSocketChannel.open();
    try {
      listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      try {
        listener.bind(bindTo, config.backlog());
      } catch (BindException e) {
        BindException named = new BindException("bind " + bindTo + ": " + e.getMessage());
        named.initCause(e);
        throw named;
      }
    } catch (IOException | RuntimeException e) {
      listener.close();
      throw e;
    }
    return launch(listener, null, sessions, config);
  }

  /**
   * Serves on a Unix domain socket with the same loops as TCP, over {@code unixListener} (owned by
   * the server from now on and closed, removing its socket file, when it stops).
   */
  static MultiplexTcpServer startUnix(
      UnixListener unixListener, SessionFactory sessions, TcpConfig config) throws IOException {
    try {
      return launch(unixListener.channel(), unixListener, sessions, config);
    } catch (IOException | RuntimeException e) {
      unixListener.close();
      throw e;
    }
  }

  private static MultiplexTcpServer launch(
      ServerSocketChannel listener,
      @Nullable UnixListener unixListener,
      SessionFactory sessions,
      TcpConfig config)
      throws IOException {
    Selector[] selectors = new Selector[config.selectorThreads()];
    try {
      listener.configureBlocking(false);
      for (int i = 0; i < selectors.length; i++) {
        selectors[i] = Selector.open();
      }
      listener.register(selectors[0], SelectionKey.OP_ACCEPT);
      MultiplexTcpServer server =
          new MultiplexTcpServer(listener, unixListener, selectors, sessions, config);
      for (SelectorLoop loop : server.loops) {
        loop.thread().start();
      }
      if (!config.offloadAfter().isZero()) {
        Thread.ofPlatform()
            .name("capas-tcp-watchdog-" + server.address.getPort())
            .daemon()
            .start(server::watch);
      }
      LOGGER.log(
          INFO,
          "listening on {0} (MULTIPLEX, {1} selector threads)",
          server.endpoint,
          selectors.length);
      return server;
    } catch (IOException | RuntimeException e) {
      listener.close();
      for (Selector selector : selectors) {
        if (selector != null) {
          selector.close();
        }
      }
      throw e;
    }
  }

  private static InetAddress firstAddress(HostResolver resolver, String host)
      throws UnknownHostException {
    List<InetAddress> found;
    try {
      found = resolver.resolve(host);
    } catch (UnknownHostException e) {
      UnknownHostException named = new UnknownHostException("lookup of " + host + ": unknown host");
      named.initCause(e);
      throw named;
    }
    if (found.isEmpty()) {
      throw new UnknownHostException("lookup of " + host + ": no addresses");
    }
    return found.get(0);
  }

  /** Accepts what is waiting and hands it to the loops (first loop's thread). */
  void acceptSome() {
    for (int i = 0; i < ACCEPTS_PER_WAKEUP; i++) {
      SocketChannel channel;
      try {
        channel = listener.accept();
      } catch (IOException e) {
        LOGGER.log(DEBUG, () -> "accept on " + address + " failed: " + e);
        return;
      }
      if (channel == null) {
        return;
      }
      // Only this thread adds to the count, so checking then adding admits no more than the most.
      if (draining || open.get() >= config.maxConnections()) {
        LOGGER.log(DEBUG, () -> "refusing a connection on " + address + ": " + open + " open");
        closeQuietly(channel);
        continue;
      }
      open.incrementAndGet();
      leastLoaded().adopt(channel);
    }
  }

  /** The loop with the fewest connections, the first found from the next one in turn. */
  private SelectorLoop leastLoaded() {
    int start = nextLoop;
    nextLoop = start + 1 == loops.length ? 0 : start + 1;
    SelectorLoop best = loops[start];
    int bestLoad = best.load();
    for (int i = 1; i < loops.length && bestLoad > 0; i++) {
      SelectorLoop candidate = loops[(start + i) % loops.length];
      int load = candidate.load();
      if (load < bestLoad) {
        best = candidate;
        bestLoad = load;
      }
    }
    return best;
  }

  /** A loop registered an adopted channel as a connection. */
  void registered(MultiplexConnection connection) {
    live.add(connection);
  }

  /** A loop closed an adopted channel that never became a connection. */
  void dropped() {
    open.decrementAndGet();
    signalOpenChanged();
  }

  /** Called by a connection's loop when its channel closed, from any thread. */
  void closed(MultiplexConnection connection) {
    live.remove(connection);
    open.decrementAndGet();
    signalOpenChanged();
  }

  /** The watchdog's tick while tasks run on the loops; it doubles, up to the idle tick, without. */
  private static final long BUSY_TICK_NANOS = 2_000_000;

  private static final long IDLE_TICK_NANOS = 32_000_000;

  /**
   * The watchdog: moves a loop whose task has run past {@link TcpConfig#offloadAfter()} to a new
   * thread ({@link SelectorLoop}). It ticks every 2 ms while the loops run tasks and backs off to
   * 32 ms when they run none, so an idle server wakes it some 30 times a second; a task that blocks
   * at once on an idle server is seen within one idle tick.
   */
  private void watch() {
    long timeout = config.offloadAfter().toNanos();
    long busyTick = Math.min(BUSY_TICK_NANOS, Math.max(100_000, timeout / 2));
    long tick = busyTick;
    long[] seen = new long[loops.length];
    long[] task = new long[loops.length];
    int[] sightings = new int[loops.length];
    long last = System.nanoTime();
    while (!stopping) {
      LockSupport.parkNanos(tick);
      long now = System.nanoTime();
      // A task is moved once this watchdog has seen it running on consecutive ticks, two of them
      // on time, or three whatever the ticks: a watchdog that overslept (a garbage collection's
      // pause) does not take a task that ran through the pause for a blocked one, and one that
      // always oversleeps (no free core) still moves a blocked task.
      boolean overslept = now - last > tick + busyTick;
      last = now;
      boolean busy = false;
      for (int i = 0; i < loops.length; i++) {
        long run = loops[i].tasksRun();
        busy |= run != seen[i];
        seen[i] = run;
        long since = loops[i].taskSince();
        if (!SelectorLoop.isTask(since)) {
          sightings[i] = 0;
          continue;
        }
        busy = true; // a running task keeps the tick short
        sightings[i] = since == task[i] ? sightings[i] + 1 : 1;
        task[i] = since;
        if (sightings[i] >= 3 || (sightings[i] == 2 && !overslept)) {
          loops[i].moveIfStuck(since, now, timeout);
        }
      }
      tick = busy ? busyTick : Math.min(IDLE_TICK_NANOS, tick * 2);
    }
  }

  /** Called by each loop as its thread ends. */
  void loopEnded() {
    signalOpenChanged();
  }

  private void signalOpenChanged() {
    synchronized (openChanged) {
      openChanged.notifyAll();
    }
  }

  boolean draining() {
    return draining;
  }

  boolean stopping() {
    return stopping;
  }

  /** Records a connection's queued outbound bytes, to report the most ever queued. */
  void queued(long bytes) {
    mostQueued.accumulateAndGet(bytes, Math::max);
  }

  /** The most outbound bytes any one connection ever had queued. */
  @VisibleForTesting
  long mostQueuedBytes() {
    return mostQueued.get();
  }

  /** The registered connections not closed yet. */
  @VisibleForTesting
  Set<MultiplexConnection> liveConnections() {
    return Set.copyOf(live);
  }

  /** The loops, the first of which accepts. */
  @VisibleForTesting
  List<SelectorLoop> loops() {
    return List.of(loops);
  }

  @Override
  public InetSocketAddress address() {
    return address;
  }

  @Override
  public Endpoint endpoint() {
    return endpoint;
  }

  @Override
  public int activeConnections() {
    return open.get();
  }

  @Override
  public void shutdown(Duration grace) throws InterruptedException {
    draining = true;
    closeQuietly(listener);
    if (unixListener != null) {
      unixListener.close(); // removes the socket file
    }
    for (MultiplexConnection connection : live) {
      connection.drain();
    }
    wakeAll();
    long deadline = System.nanoTime() + grace.toNanos();
    synchronized (openChanged) {
      while (open.get() > 0 && anyLoopAlive()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        openChanged.wait(Math.max(1, left / 1_000_000));
      }
    }
    stop();
    LOGGER.log(INFO, "stopped {0}", endpoint);
  }

  @Override
  public void close() {
    draining = true;
    closeQuietly(listener);
    if (unixListener != null) {
      unixListener.close(); // removes the socket file
    }
    stop();
  }

  /**
   * Closes every connection from this thread (a loop may be stuck in a session), ends the loops and
   * waits a little for them: a registered channel's descriptor is released only when its selector
   * lets go of it, and until then the port would still accept connections. A loop whose thread runs
   * a handler moves to a new thread first, which ends the loop without waiting for the handler.
   */
  private void stop() {
    for (MultiplexConnection connection : live) {
      connection.closeNow();
    }
    stopping = true;
    for (SelectorLoop loop : loops) {
      // A handler still running on a loop's thread must not hold the port and the channels.
      loop.moveOffTask();
    }
    wakeAll();
    long deadline = System.nanoTime() + STOP_WAIT.toNanos();
    for (SelectorLoop loop : loops) {
      if (loop.onLoopThread()) {
        continue;
      }
      try {
        long left = deadline - System.nanoTime();
        if (left <= 0 || !loop.awaitEnd(Duration.ofNanos(left))) {
          LOGGER.log(DEBUG, () -> loop + " still busy after " + STOP_WAIT + ", left to end alone");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void wakeAll() {
    for (SelectorLoop loop : loops) {
      loop.wakeup();
    }
  }

  private boolean anyLoopAlive() {
    for (SelectorLoop loop : loops) {
      if (!loop.hasEnded()) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "MultiplexTcpServer[" + endpoint + "]";
  }

  static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // Closing releases the descriptor even when it reports an error: nothing more to do.
    }
  }
}
