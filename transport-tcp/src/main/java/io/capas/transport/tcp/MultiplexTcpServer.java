package io.capas.transport.tcp;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.INFO;

import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.Server;
import io.capas.transport.SessionFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The multiplexing server model: one selector thread accepts, reads and writes every connection
 * over non-blocking channels, and calls every session.
 *
 * <p>Writes go straight to the channel while it takes them, then queue; a connection whose queue
 * passes {@link TcpConfig#writeQueueHighWatermark()} is not read again until half of it is sent
 * (backpressure). Read deadlines are checked on every selector wakeup, and the select waits no
 * longer than the nearest one. Safe for concurrent use.
 */
final class MultiplexTcpServer implements Server {

  private static final System.Logger LOGGER = System.getLogger(MultiplexTcpServer.class.getName());

  /** Connections accepted per wakeup, so one flood cannot starve the others. */
  private static final int ACCEPTS_PER_WAKEUP = 256;

  /** How long close and shutdown wait for the selector thread to let go of the channels. */
  private static final Duration STOP_WAIT = Duration.ofSeconds(2);

  final Selector selector;
  final TcpConfig config;
  private final ServerSocketChannel listener;
  private final InetSocketAddress address;
  private final SessionFactory sessions;
  private final Thread loop;
  private final Set<MultiplexConnection> live = ConcurrentHashMap.newKeySet();
  private final ConcurrentLinkedQueue<MultiplexConnection> closedQueue =
      new ConcurrentLinkedQueue<>();
  private final Object liveChanged = new Object();
  private final java.util.concurrent.atomic.AtomicLong mostQueued =
      new java.util.concurrent.atomic.AtomicLong();
  private volatile boolean draining;
  private volatile boolean stopping;

  private MultiplexTcpServer(
      ServerSocketChannel listener, Selector selector, SessionFactory sessions, TcpConfig config)
      throws IOException {
    this.listener = listener;
    this.selector = selector;
    this.sessions = sessions;
    this.config = config;
    this.address = (InetSocketAddress) listener.getLocalAddress();
    this.loop =
        Thread.ofPlatform()
            .name("capas-tcp-selector-" + address.getPort())
            .daemon()
            .unstarted(this::run);
  }

  static MultiplexTcpServer start(
      Endpoint local, SessionFactory sessions, TcpConfig config, HostResolver resolver)
      throws IOException {
    InetSocketAddress bindTo =
        local.host().equals("*")
            ? new InetSocketAddress(local.port())
            : new InetSocketAddress(firstAddress(resolver, local.host()), local.port());
    ServerSocketChannel listener = ServerSocketChannel.open();
    Selector selector = null;
    try {
      listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      try {
        listener.bind(bindTo, config.backlog());
      } catch (java.net.BindException e) {
        java.net.BindException named =
            new java.net.BindException("bind " + bindTo + ": " + e.getMessage());
        named.initCause(e);
        throw named;
      }
      listener.configureBlocking(false);
      selector = Selector.open();
      listener.register(selector, SelectionKey.OP_ACCEPT);
      MultiplexTcpServer server = new MultiplexTcpServer(listener, selector, sessions, config);
      server.loop.start();
      LOGGER.log(INFO, "listening on {0} (MULTIPLEX)", server.address);
      return server;
    } catch (IOException | RuntimeException e) {
      listener.close();
      if (selector != null) {
        selector.close();
      }
      throw e;
    }
  }

  private static InetAddress firstAddress(HostResolver resolver, String host)
      throws java.net.UnknownHostException {
    java.util.List<InetAddress> found;
    try {
      found = resolver.resolve(host);
    } catch (java.net.UnknownHostException e) {
      java.net.UnknownHostException named =
          new java.net.UnknownHostException("lookup of " + host + ": unknown host");
      named.initCause(e);
      throw named;
    }
    if (found.isEmpty()) {
      throw new java.net.UnknownHostException("lookup of " + host + ": no addresses");
    }
    return found.get(0);
  }

  private void run() {
    try {
      while (!stopping) {
        selector.select(nextWaitMillis(System.nanoTime()));
        finishClosed();
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
          SelectionKey key = keys.next();
          keys.remove();
          if (!key.isValid()) {
            continue;
          }
          if (key.isAcceptable()) {
            acceptSome();
          } else if (key.attachment() instanceof MultiplexConnection connection) {
            if (key.isWritable()) {
              connection.flush();
            }
            if (key.isValid() && key.isReadable()) {
              connection.read();
            }
          }
        }
        long now = System.nanoTime();
        for (MultiplexConnection connection : live) {
          connection.checkDeadline(now);
        }
        finishClosed();
      }
    } catch (IOException | ClosedSelectorException e) {
      if (!stopping) {
        LOGGER.log(DEBUG, () -> "selector loop on " + address + " failed: " + e);
      }
    } finally {
      for (MultiplexConnection connection : live) {
        connection.closeNow();
      }
      finishClosed();
      closeQuietly(listener);
      closeQuietly(selector);
      synchronized (liveChanged) {
        liveChanged.notifyAll();
      }
    }
  }

  /** How long the select may block: until the nearest read deadline, or forever (0). */
  private long nextWaitMillis(long now) {
    long nearest = Long.MAX_VALUE;
    for (MultiplexConnection connection : live) {
      long deadline = connection.deadline();
      if (deadline != 0) {
        nearest = Math.min(nearest, Math.max(0, deadline - now));
      }
    }
    if (nearest == Long.MAX_VALUE) {
      return 0;
    }
    return Math.max(1, (nearest + 999_999) / 1_000_000);
  }

  private void acceptSome() {
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
      if (draining || live.size() >= config.maxConnections()) {
        LOGGER.log(DEBUG, () -> "refusing a connection on " + address + ": " + live.size() + " live");
        closeQuietly(channel);
        continue;
      }
      MultiplexConnection connection;
      try {
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, config.tcpNoDelay());
        SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
        connection = new MultiplexConnection(this, channel, key);
        key.attach(connection);
      } catch (IOException e) {
        LOGGER.log(DEBUG, () -> "dropping a connection on " + address + ": " + e);
        closeQuietly(channel);
        continue;
      }
      live.add(connection);
      connection.open(sessions);
    }
  }

  /** Tells each closed connection's session, on this thread, outside any other session call. */
  private void finishClosed() {
    for (MultiplexConnection c; (c = closedQueue.poll()) != null; ) {
      c.finish();
    }
  }

  /** Called by a connection when its channel closed, from any thread. */
  void closed(MultiplexConnection connection) {
    live.remove(connection);
    closedQueue.add(connection);
    selector.wakeup();
    synchronized (liveChanged) {
      liveChanged.notifyAll();
    }
  }

  /** Records a connection's queued outbound bytes, to report the most ever queued. */
  void queued(long bytes) {
    mostQueued.accumulateAndGet(bytes, Math::max);
  }

  /** The most outbound bytes any one connection ever had queued. */
  @com.google.common.annotations.VisibleForTesting
  long mostQueuedBytes() {
    return mostQueued.get();
  }

  boolean onLoopThread() {
    return Thread.currentThread() == loop;
  }

  @Override
  public InetSocketAddress address() {
    return address;
  }

  @Override
  public int activeConnections() {
    return live.size();
  }

  @Override
  public void shutdown(Duration grace) throws InterruptedException {
    draining = true;
    closeQuietly(listener);
    for (MultiplexConnection connection : live) {
      connection.drain();
    }
    selector.wakeup();
    long deadline = System.nanoTime() + grace.toNanos();
    synchronized (liveChanged) {
      while (!live.isEmpty() && loop.isAlive()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        liveChanged.wait(Math.max(1, left / 1_000_000));
      }
    }
    stop();
    LOGGER.log(INFO, "stopped {0}", address);
  }

  @Override
  public void close() {
    draining = true;
    closeQuietly(listener);
    stop();
  }

  /**
   * Closes every connection from this thread (the loop may be stuck in a session), ends the loop
   * and waits a little for it: a registered channel's descriptor is released only when the selector
   * lets go of it, and until then the port would still accept connections.
   */
  private void stop() {
    for (MultiplexConnection connection : live) {
      connection.closeNow();
    }
    stopping = true;
    selector.wakeup();
    if (!onLoopThread()) {
      try {
        loop.join(STOP_WAIT.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public String toString() {
    return "MultiplexTcpServer[" + address + "]";
  }

  static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // Closing releases the descriptor even when it reports an error: nothing more to do.
    }
  }
}
