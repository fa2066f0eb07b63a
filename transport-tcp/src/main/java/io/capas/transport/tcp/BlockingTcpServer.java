package io.capas.transport.tcp;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.INFO;

import io.capas.socket.TcpClient;
import io.capas.socket.TcpMaster;
import io.capas.socket.TcpServer;
import io.capas.socket.UnixClient;
import io.capas.socket.UnixListener;
import io.capas.transport.Connection;
import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.Server;
import io.capas.transport.SessionFactory;
import io.capas.transport.internal.SessionFailures;
import io.capas.transport.internal.SessionRegistry;
import io.capas.transport.internal.SessionRunner;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SSLSocket;
import org.jspecify.annotations.Nullable;

/**
 * The blocking server models. An accept loop hands each connection, as a {@link SessionRunner}, to
 * a virtual thread of its own that reads it (an idle connection waits there, costing no platform
 * thread); what the model decides is where the session's calls run, that is where requests are
 * served:
 *
 * <ul>
 *   <li>{@link TcpConfig.Model#SEQUENTIAL}: on one platform thread, one call at a time whatever the
 *       connection; a connection waiting for its next request holds nothing;
 *   <li>{@link TcpConfig.Model#THREAD_PER_CONNECTION}: on the connection's virtual thread itself;
 *   <li>{@link TcpConfig.Model#POOL}: on a fixed pool of {@link TcpConfig#poolSize()} platform
 *       threads, which serve requests, not connections; what a session {@linkplain
 *       io.capas.transport.SessionContext#offload offloads} (an RPC handler) runs on the
 *       connection's virtual thread, so slow handlers do not take the pool.
 * </ul>
 *
 * <p>The sequential model is the one exception to "a slow handler delays only its own connection":
 * its one thread runs every handler too, one at a time, as the model means.
 *
 * <p>A session's calls never overlap and keep their order: the reading thread waits for each one to
 * return before it reads again. A sequential or pool thread that served a request reads the same
 * connection for up to {@link #LINGER} while no other request waits, so that a busy connection is
 * served without a hand-over per request. Writes block the thread making the call until the peer
 * takes the bytes, bounded by the write timeout.
 *
 * <p>With TLS the listener is a plain socket and each accepted connection is layered with a
 * server-side {@link SSLSocket} whose handshake runs on the connection's virtual thread, bounded by
 * {@link TlsSettings#handshakeTimeout()}, before its session opens.
 *
 * <p>Safe for concurrent use. One bad connection never stops the accept loop, the write watch or a
 * thread serving calls: whatever a session throws, even an {@link Error}, closes its connection
 * only (see {@link SessionFailures}).
 */
final class BlockingTcpServer implements Server {

  private static final System.Logger LOGGER = System.getLogger(BlockingTcpServer.class.getName());

  /** How long close and shutdown wait for the accept loop to let go of the listening socket. */
  private static final Duration STOP_WAIT = Duration.ofSeconds(2);

  private final Listener listener;
  private final SessionFactory sessions;
  private final TcpConfig config;
  private final SessionRegistry registry;

  /**
   * How long a thread of the sequential or pool model goes on reading the connection it just
   * served, while no other work waits, before handing it back to its virtual thread (see {@link
   * SessionRunner}): long enough for a client's next request on loopback or a LAN, short enough
   * that an idle connection holds the thread for no more than that.
   */
  static final Duration LINGER = Duration.ofMillis(1);

  /** Where sessions' calls run: the model's threads, or the connection's own thread. */
  private final SessionRunner.Work work;

  /**
   * The platform threads of {@link #work}, shut down with the server; none for thread per
   * connection.
   */
  private final @Nullable ExecutorService workThreads;

  private final Thread acceptor;
  private final @Nullable Thread writeWatch;
  private volatile boolean closed;

  private BlockingTcpServer(Listener listener, SessionFactory sessions, TcpConfig config) {
    this.listener = listener;
    this.sessions = sessions;
    this.config = config;
    this.registry = new SessionRegistry(config.maxConnections());
    int port = listener.localAddress().getPort();
    ThreadPoolExecutor threads =
        switch (config.model()) {
          case SEQUENTIAL -> workThreads(1, port, "sequential");
          case POOL -> workThreads(config.poolSize(), port, "pool");
          case THREAD_PER_CONNECTION, MULTIPLEX -> null;
        };
    this.workThreads = threads;
    this.work =
        threads == null
            ? SessionRunner.Work.INLINE
            : new SessionRunner.Work(
                threads,
                LINGER,
                () -> !threads.getQueue().isEmpty(),
                // The pool's threads decode; what a session offloads (a handler) runs on the
                // connection's own virtual thread, so slow handlers cannot take the pool. The
                // sequential model's one thread runs everything, handlers included.
                config.model() == TcpConfig.Model.POOL);
    String name = "capas-tcp-accept-" + port;
    this.acceptor =
        config.model() == TcpConfig.Model.THREAD_PER_CONNECTION
            ? Thread.ofVirtual().name(name).unstarted(this::acceptLoop)
            : Thread.ofPlatform().name(name).daemon().unstarted(this::acceptLoop);
    this.writeWatch =
        config.writeTimeout().isZero()
            ? null
            : Thread.ofVirtual().name("capas-tcp-write-watch-" + port).unstarted(this::watchWrites);
  }

  /**
   * Until the server closes, closes the connections whose peer has not taken any written bytes for
   * the write timeout, checking a few times per timeout (at most once a second).
   */
  private void watchWrites() {
    Duration timeout = config.writeTimeout();
    long period = Math.clamp(timeout.toNanos() / 4, 10_000_000L, 1_000_000_000L);
    while (!closed) {
      LockSupport.parkNanos(period);
      try {
        int stalled = registry.closeStalledWriters(timeout);
        if (stalled > 0) {
          LOGGER.log(
              DEBUG,
              () -> "closed " + stalled + " connections whose peer stopped reading for " + timeout);
        }
      } catch (Throwable e) {
        // Out of memory starting a close thread, most likely: the next sweep tries again.
        SessionFailures.report(LOGGER, "the write watch of " + this, e);
      }
    }
  }

  static BlockingTcpServer start(
      Endpoint local, SessionFactory sessions, TcpConfig config, HostResolver resolver)
      throws IOException {
    TlsSettings tls = config.tls();
    Listener listener =
        tls == null
            ? plain(
                TcpMaster.create(resolver)
                    .bind(local.host(), local.port())
                    .listen(config.backlog()))
            : tls(TlsSockets.listen(resolver, local, config.backlog()), tls);
    return launch(listener, sessions, config);
  }

  /**
   * Serves on a Unix domain socket: the same model and accept loop as TCP, over {@code listener}
   * (which the server owns from now on and closes, removing its socket file, when it stops).
   */
  static BlockingTcpServer startUnix(
      UnixListener listener, SessionFactory sessions, TcpConfig config) {
    return launch(unix(listener), sessions, config);
  }

  private static BlockingTcpServer launch(
      Listener listener, SessionFactory sessions, TcpConfig config) {
    BlockingTcpServer server = new BlockingTcpServer(listener, sessions, config);
    server.acceptor.start();
    if (server.writeWatch != null) {
      server.writeWatch.start();
    }
    LOGGER.log(INFO, "listening on {0} ({1})", listener.endpoint(), config.model());
    return server;
  }

  private void acceptLoop() {
    while (!closed) {
      Accepted accepted;
      try {
        accepted = listener.accept();
      } catch (Throwable e) {
        if (!closed) {
          SessionFailures.report(LOGGER, "the listener " + listener, e);
          if (listener.isClosed()) {
            return;
          }
        }
        continue;
      }
      Connection client = accepted.client();
      SessionRunner admitted = null;
      try {
        if (client instanceof TcpClient tcp) {
          tcp.tcpNoDelay(config.tcpNoDelay());
        }
        Optional<SessionRunner> runner =
            registry.admit(client, sessions, work, config.idleTimeout(), config.readBufferSize());
        if (runner.isEmpty()) {
          LOGGER.log(DEBUG, () -> "refusing " + client + ": " + registry.size() + " live");
          client.close();
          continue;
        }
        admitted = runner.get();
        Thread.ofVirtual()
            .name("capas-tcp-" + listener.localAddress().getPort())
            .start(withHandshake(admitted, accepted.handshake()));
      } catch (Throwable e) {
        SessionFailures.report(LOGGER, client, e);
        client.close();
        if (admitted != null) {
          // Never started: a closed runner's run only unregisters it.
          admitted.close();
          admitted.run();
        }
      }
    }
  }

  /**
   * The runner, preceded by the TLS handshake when there is one: on the connection's own thread, so
   * a slow client never holds the accept loop nor a thread serving calls. A failed handshake closes
   * the connection; the runner then only unregisters.
   */
  private static Runnable withHandshake(SessionRunner runner, @Nullable Handshake handshake) {
    if (handshake == null) {
      return runner;
    }
    return () -> {
      try {
        handshake.run();
      } catch (Throwable e) {
        SessionFailures.report(LOGGER, runner, e);
        runner.close();
      }
      runner.run();
    };
  }

  @Override
  public InetSocketAddress address() {
    return listener.localAddress();
  }

  @Override
  public Endpoint endpoint() {
    return listener.endpoint();
  }

  @Override
  public int activeConnections() {
    return registry.size();
  }

  @Override
  public void shutdown(Duration grace) throws InterruptedException {
    closed = true;
    listener.close();
    registry.shutdown(grace);
    if (workThreads != null) {
      workThreads.shutdown();
    }
    awaitAcceptor();
    LOGGER.log(INFO, "stopped {0}", listener.endpoint());
  }

  @Override
  public void close() {
    closed = true;
    listener.close();
    registry.stopAdmitting();
    registry.closeAll();
    if (workThreads != null) {
      workThreads.shutdown();
    }
    try {
      awaitAcceptor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Waits a little for the accept loop to end: a listening socket closed under a thread blocked in
   * accept is released only when that thread lets go, and until then the port still accepts.
   */
  private void awaitAcceptor() throws InterruptedException {
    if (writeWatch != null) {
      LockSupport.unpark(writeWatch); // it sees closed and ends
    }
    if (Thread.currentThread() != acceptor) {
      acceptor.join(STOP_WAIT.toMillis());
    }
  }

  @Override
  public String toString() {
    return "BlockingTcpServer[" + listener.endpoint() + ", " + config.model() + "]";
  }

  /** Where the accept loop gets its connections: a plain TCP listener or a TLS one. */
  private interface Listener {
    Accepted accept() throws IOException;

    InetSocketAddress localAddress();

    /** Where clients reach the listener. */
    default Endpoint endpoint() {
      return Endpoint.of(localAddress().getHostString(), localAddress().getPort());
    }

    boolean isClosed();

    void close();
  }

  /** A TLS handshake still to do. */
  @FunctionalInterface
  private interface Handshake {
    void run() throws IOException;
  }

  /** An accepted connection, and its TLS handshake when it has one. */
  private record Accepted(Connection client, @Nullable Handshake handshake) {}

  private static Listener unix(UnixListener server) {
    Endpoint endpoint = Endpoint.unix(server.path());
    return new Listener() {
      @Override
      public Accepted accept() throws IOException {
        return new Accepted(server.accept(), null);
      }

      @Override
      public InetSocketAddress localAddress() {
        return UnixClient.inetView(UnixDomainSocketAddress.of(server.path()));
      }

      @Override
      public Endpoint endpoint() {
        return endpoint;
      }

      @Override
      public boolean isClosed() {
        return server.isClosed();
      }

      @Override
      public void close() {
        server.close();
      }

      @Override
      public String toString() {
        return server.toString();
      }
    };
  }

  private static Listener plain(TcpServer server) {
    return new Listener() {
      @Override
      public Accepted accept() throws IOException {
        return new Accepted(server.accept(), null);
      }

      @Override
      public InetSocketAddress localAddress() {
        return server.localAddress();
      }

      @Override
      public boolean isClosed() {
        return server.isClosed();
      }

      @Override
      public void close() {
        server.close();
      }

      @Override
      public String toString() {
        return server.toString();
      }
    };
  }

  private static Listener tls(ServerSocket socket, TlsSettings tls) {
    InetSocketAddress local = (InetSocketAddress) socket.getLocalSocketAddress();
    return new Listener() {
      @Override
      public Accepted accept() throws IOException {
        Socket raw = socket.accept();
        TlsSocket view = new TlsSocket(TlsSockets.serverSide(tls, raw));
        TcpClient client = TcpClient.wrap(view, view::session);
        String what = "TLS handshake with " + raw.getRemoteSocketAddress();
        return new Accepted(client, () -> view.handshake(raw, tls.handshakeTimeout(), what));
      }

      @Override
      public InetSocketAddress localAddress() {
        return local;
      }

      @Override
      public boolean isClosed() {
        return socket.isClosed();
      }

      @Override
      public void close() {
        try {
          socket.close();
        } catch (IOException e) {
          // Nothing left to release.
        }
      }

      @Override
      public String toString() {
        return "TlsListener[" + local + (socket.isClosed() ? ", closed]" : "]");
      }
    };
  }

  /** The platform threads that serve the sessions' calls of the sequential and pool models. */
  private static ThreadPoolExecutor workThreads(int count, int port, String model) {
    ThreadFactory factory =
        Thread.ofPlatform().name("capas-tcp-" + model + "-" + port + "-", 1).daemon().factory();
    // Unbounded, but each connection has at most one call queued (its reader waits for it), so
    // the queue holds at most maxConnections calls.
    return new ThreadPoolExecutor(
        count, count, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), factory);
  }
}
