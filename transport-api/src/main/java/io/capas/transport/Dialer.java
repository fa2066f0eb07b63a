package io.capas.transport;

import io.capas.socket.TcpMaster;
import io.capas.socket.UnixClient;
import java.io.IOException;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * Opens client connections: the one method the client side of every binding needs. A {@link
 * Transport} is a dialer; {@link #system()} dials plain JDK TCP sockets, or the Unix domain socket
 * of an {@link Endpoint#unix} endpoint.
 *
 * <p>Implementations try every address of the host in order and are safe for concurrent use.
 */
@FunctionalInterface
public interface Dialer {

  /**
   * Connects to {@code remote}, trying every address the host resolves to in order.
   *
   * @throws java.net.UnknownHostException the host does not resolve
   * @throws java.net.ConnectException every address refused
   * @throws java.net.SocketTimeoutException the connect timeout passed
   */
  Connection connect(Endpoint remote, Duration connectTimeout) throws IOException;

  /**
   * Plain JDK TCP sockets, the host resolved by the JDK; a {@linkplain Endpoint#isUnix() Unix
   * endpoint} is dialed as by {@link #unix()}.
   */
  static Dialer system() {
    return system(HostResolver.system());
  }

  /**
   * TLS over JDK TCP sockets with {@code context} (its trust managers decide which servers are
   * trusted; {@code SSLContext.getDefault()} is the JDK's trust store), SNI and host name
   * verification on, the handshake within the connect timeout. A {@linkplain Endpoint#isUnix() Unix
   * endpoint} is refused ({@code IllegalArgumentException} from {@code connect}): TLS over a Unix
   * socket is not offered, the socket file's mode being its access control.
   */
  static Dialer tls(SSLContext context) {
    return tls(context, HostResolver.system());
  }

  /** {@link #tls(SSLContext)}, the host resolved by {@code resolver}. */
  static Dialer tls(SSLContext context, HostResolver resolver) {
    return (remote, timeout) -> {
      if (remote.isUnix()) {
        throw new IllegalArgumentException(
            "TLS over a Unix socket is not offered: " + remote + " (Dialer.unix() dials it)");
      }
      return TcpMaster.create(resolver).tls(context).connect(remote.host(), remote.port(), timeout);
    };
  }

  /**
   * Plain JDK TCP sockets; every address {@code resolver} returns is tried in order. A {@linkplain
   * Endpoint#isUnix() Unix endpoint} is dialed as by {@link #unix()}.
   */
  static Dialer system(HostResolver resolver) {
    return (remote, timeout) ->
        remote.isUnix()
            ? UnixClient.connect(remote.unixPath(), timeout)
            : TcpMaster.create(resolver).connect(remote.host(), remote.port(), timeout);
  }

  /**
   * Unix domain stream sockets ({@code AF_UNIX}): dials the path of an {@link Endpoint#unix}
   * endpoint; a missing file or a socket nobody accepts on is a {@link java.net.ConnectException}.
   *
   * @throws IllegalArgumentException (from {@code connect}) the endpoint is a host and port
   */
  static Dialer unix() {
    return (remote, timeout) -> {
      if (!remote.isUnix()) {
        throw new IllegalArgumentException("not a Unix socket endpoint: " + remote);
      }
      return UnixClient.connect(remote.unixPath(), timeout);
    };
  }
}
