package io.capas.transport.tcp;

import static com.google.common.base.Preconditions.checkArgument;

import io.capas.socket.TcpClient;
import io.capas.socket.TcpMaster;
import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.Server;
import io.capas.transport.SessionFactory;
import io.capas.transport.Transport;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;

/**
 * The TCP {@link Transport}: client connections are {@link TcpClient}s, and servers run one of the
 * four server models chosen by {@link TcpConfig#model()}.
 *
 * <pre>{@code
 * Transport tcp = new TcpTransport(TcpConfig.defaults(), HostResolver.system());
 * try (Server server = tcp.serve(Endpoint.of("127.0.0.1", 0), echoSessions);
 *     Connection c = tcp.connect(Endpoint.of("localhost", server.address().getPort()), WAIT)) {
 *   c.sendAll(request);
 * }
 * }</pre>
 *
 * <p>{@link #connect} tries every address the host resolves to, in the resolver's order, until one
 * accepts. Safe for concurrent use; each server it starts is closed by its caller.
 *
 * <p>With {@link TcpConfig#tls()} set, every connection is TLS. {@link #connect} returns once the
 * handshake is done, bounded by the connect timeout; it checks that the server's certificate names
 * the host unless {@link TlsSettings#verifyHostname()} is off, and a failed handshake is an {@link
 * javax.net.ssl.SSLHandshakeException} naming host and port. Servers shake hands with each accepted
 * connection on that connection's thread, or on its selector loop with {@link
 * TcpConfig.Model#MULTIPLEX} (see {@link TlsSettings#handshakeTimeout()}). The session agreed, with
 * the peer's certificates under mutual TLS, is the connection's {@code tlsSession()}: a client's
 * once {@link #connect} returns, a server session's from its {@code SessionContext} as soon as it
 * opens.
 */
public final class TcpTransport implements Transport {

  private final TcpConfig config;
  private final HostResolver resolver;

  @Inject
  public TcpTransport(TcpConfig config, HostResolver resolver) {
    this.config = config;
    this.resolver = resolver;
  }

  public TcpConfig config() {
    return config;
  }

  @Override
  public TcpClient connect(Endpoint remote, Duration connectTimeout) throws IOException {
    checkArgument(
        !remote.isUnix(), "TcpTransport dials host and port; %s needs UnixTransport", remote);
    TlsSettings tls = config.tls();
    if (tls != null) {
      return TlsSockets.connect(tls, resolver, remote, connectTimeout, config.tcpNoDelay());
    }
    TcpClient client =
        TcpMaster.create(resolver).connect(remote.host(), remote.port(), connectTimeout);
    try {
      client.tcpNoDelay(config.tcpNoDelay());
    } catch (IOException e) {
      client.close();
      throw e;
    }
    return client;
  }

  @Override
  public Server serve(Endpoint local, SessionFactory sessions) throws IOException {
    checkArgument(
        !local.isUnix(), "TcpTransport serves host and port; %s needs UnixTransport", local);
    return switch (config.model()) {
      case SEQUENTIAL, THREAD_PER_CONNECTION, POOL ->
          BlockingTcpServer.start(local, sessions, config, resolver);
      case MULTIPLEX -> MultiplexTcpServer.start(local, sessions, config, resolver);
    };
  }

  @Override
  public String toString() {
    return "TcpTransport[" + config.model() + (config.tls() == null ? "]" : ", TLS]");
  }
}
