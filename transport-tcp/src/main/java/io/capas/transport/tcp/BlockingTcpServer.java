package io.capas.transport.tcp;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.INFO;

import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.Server;
import io.capas.transport.SessionFactory;
import io.capas.transport.SessionRegistry;
import io.capas.transport.SessionRunner;
import io.capas.transport.TcpClient;
import io.capas.transport.TcpMaster;
import io.capas.transport.TcpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import org.jspecify.annotations.Nullable;

/**
 * The blocking server models: an accept loop hands each connection, as a {@link SessionRunner}, to
 * the model's executor: itself (sequential), a new virtual thread (thread per connection), or a
 * fixed pool of platform threads.
 *
 * <p>Safe for concurrent use. One bad connection never stops the accept loop.
 */
final class BlockingTcpServer implements Server {

  private static final System.Logger LOGGER = System.getLogger(BlockingTcpServer.class.getName());

  /** How long close and shutdown wait for the accept loop to let go of the listening socket. */
  private static final Duration STOP_WAIT = Duration.ofSeconds(2);

  private final TcpServer listener;
  private final SessionFactory sessions;
  private final TcpConfig config;
  private final SessionRegistry registry;
  private final @Nullable ExecutorService pool;
  private final Thread acceptor;
  private volatile boolean closed;

  private BlockingTcpServer(TcpServer listener, SessionFactory sessions, TcpConfig config) {
    this.listener = listener;
    this.sessions = sessions;
    this.config = config;
    // A sequential server holds one connection at a time by nature.
    this.registry =
        new SessionRegistry(
            config.model() == TcpConfig.Model.SEQUENTIAL ? 1 : config.maxConnections());
    this.pool =
        config.model() == TcpConfig.Model.POOL
            ? Executors.newFixedThreadPool(config.poolSize(), poolThreads(listener.port()))
            : null;
    String name = "capas-tcp-accept-" + listener.port();
    this.acceptor =
        config.model() == TcpConfig.Model.THREAD_PER_CONNECTION
            ? Thread.ofVirtual().name(name).unstarted(this::acceptLoop)
            : Thread.ofPlatform().name(name).daemon().unstarted(this::acceptLoop);
  }

  static BlockingTcpServer start(
      Endpoint local, SessionFactory sessions, TcpConfig config, HostResolver resolver)
      throws IOException {
    TcpServer listener =
        TcpMaster.create(resolver).bind(local.host(), local.port()).listen(config.backlog());
    BlockingTcpServer server = new BlockingTcpServer(listener, sessions, config);
    server.acceptor.start();
    LOGGER.log(INFO, "listening on {0} ({1})", listener.localAddress(), config.model());
    return server;
  }

  private void acceptLoop() {
    while (!closed) {
      TcpClient client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        if (!closed) {
          LOGGER.log(DEBUG, () -> "accept on " + listener + " failed: " + e);
          if (listener.isClosed()) {
            return;
          }
        }
        continue;
      }
      try {
        client.tcpNoDelay(config.tcpNoDelay());
        Optional<SessionRunner> runner =
            registry.admit(client, sessions, config.idleTimeout(), config.readBufferSize());
        if (runner.isEmpty()) {
          LOGGER.log(DEBUG, () -> "refusing " + client + ": " + registry.size() + " live");
          client.close();
          continue;
        }
        dispatch(runner.get());
      } catch (IOException | RuntimeException e) {
        LOGGER.log(DEBUG, () -> "dropping " + client + ": " + e);
        client.close();
      }
    }
  }

  private void dispatch(SessionRunner runner) {
    switch (config.model()) {
      case SEQUENTIAL -> runner.run();
      case THREAD_PER_CONNECTION ->
          Thread.ofVirtual().name("capas-tcp-" + listener.port()).start(runner);
      case POOL -> java.util.Objects.requireNonNull(pool).execute(runner);
      case MULTIPLEX -> throw new IllegalStateException("MULTIPLEX is not a blocking model");
    }
  }

  @Override
  public InetSocketAddress address() {
    return listener.localAddress();
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
    if (pool != null) {
      pool.shutdown();
    }
    awaitAcceptor();
    LOGGER.log(INFO, "stopped {0}", listener.localAddress());
  }

  @Override
  public void close() {
    closed = true;
    listener.close();
    registry.stopAdmitting();
    registry.closeAll();
    if (pool != null) {
      pool.shutdown();
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
    if (Thread.currentThread() != acceptor) {
      acceptor.join(STOP_WAIT.toMillis());
    }
  }

  @Override
  public String toString() {
    return "BlockingTcpServer[" + listener.localAddress() + ", " + config.model() + "]";
  }

  private static ThreadFactory poolThreads(int port) {
    return Thread.ofPlatform().name("capas-tcp-pool-" + port + "-", 1).daemon().factory();
  }
}
