package io.capas.transport.tcp;

import static com.google.common.base.Preconditions.checkArgument;

import io.capas.socket.UnixClient;
import io.capas.socket.UnixListener;
import io.capas.socket.UnixSocketOptions;
import io.capas.transport.Dialer;
import io.capas.transport.Endpoint;
import io.capas.transport.Server;
import io.capas.transport.SessionFactory;
import io.capas.transport.Transport;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;

/**
 * The Unix domain socket {@link Transport} ({@code AF_UNIX} stream sockets): the servers of {@link
 * TcpTransport} with every model of {@link TcpConfig#model()}, listening on a socket file instead
 * of a port. Endpoints are {@link Endpoint#unix(java.nio.file.Path)}; a host and port is an {@link
 * IllegalArgumentException}.
 *
 * <pre>{@code
 * Transport unix = new UnixTransport(TcpConfig.defaults(), UnixSocketOptions.defaults());
 * try (Server server = unix.serve(Endpoint.unix(dir.resolve("rpc.sock")), echoSessions);
 *     Connection c = unix.connect(server.endpoint(), WAIT)) {
 *   c.sendAll(request);
 * }
 * }</pre>
 *
 * <p>The socket file is created with {@link UnixSocketOptions#mode()} (owner-only by default) and
 * removed when the server stops; a file already there is handled as {@link UnixListener#bind} says
 * (a live server's is never removed, a stale one only when {@link
 * UnixSocketOptions#removeStale()}). Of {@link TcpConfig}, TLS and {@code tcpNoDelay} do not apply:
 * TLS is refused, as the peer is on this machine and the file's mode is the access control. Clients
 * connect as {@link Dialer#unix()} does. Safe for concurrent use; each server it starts is closed
 * by its caller.
 */
public final class UnixTransport implements Transport {

  private final TcpConfig config;
  private final UnixSocketOptions options;

  @Inject
  public UnixTransport(TcpConfig config, UnixSocketOptions options) {
    checkArgument(config.tls() == null, "TLS over a Unix socket is not offered: %s", config);
    this.config = config;
    this.options = options;
  }

  /** Owner-only socket files, stale ones kept, the default server model. */
  public static UnixTransport defaults() {
    return new UnixTransport(TcpConfig.defaults(), UnixSocketOptions.defaults());
  }

  public TcpConfig config() {
    return config;
  }

  public UnixSocketOptions options() {
    return options;
  }

  @Override
  public UnixClient connect(Endpoint remote, Duration connectTimeout) throws IOException {
    checkArgument(remote.isUnix(), "UnixTransport dials Unix socket endpoints, got %s", remote);
    return UnixClient.connect(remote.unixPath(), connectTimeout);
  }

  @Override
  public Server serve(Endpoint local, SessionFactory sessions) throws IOException {
    checkArgument(local.isUnix(), "UnixTransport serves on Unix socket endpoints, got %s", local);
    UnixListener listener = UnixListener.bind(local.unixPath(), options, config.backlog());
    return switch (config.model()) {
      case SEQUENTIAL, THREAD_PER_CONNECTION, POOL ->
          BlockingTcpServer.startUnix(listener, sessions, config);
      case MULTIPLEX -> MultiplexTcpServer.startUnix(listener, sessions, config);
    };
  }

  @Override
  public String toString() {
    return "UnixTransport[" + config.model() + "]";
  }
}
