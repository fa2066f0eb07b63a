package io.capas.socket;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import io.capas.transport.HostResolver;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.jspecify.annotations.Nullable;

/**
 * A fresh TCP socket, a <em>master</em> in LuaSocket's terms: {@link #connect} turns it into a
 * {@link TcpClient}; {@link #bind} then {@link #listen} turn it into a {@link TcpServer}.
 *
 * <pre>{@code
 * try (TcpServer server = TcpMaster.create().bind("127.0.0.1", 0).listen(32);
 *     TcpClient client = TcpMaster.create().connect("127.0.0.1", server.port());
 *     TcpClient peer = server.accept(Duration.ofSeconds(5))) {
 *   client.sendAll(new byte[] {1, 2, 3});
 *   byte[] got = peer.receiveExactly(3);
 * }
 * }</pre>
 *
 * <p>Not thread-safe; a master is used once. Each method checks the state and fails with {@link
 * IllegalStateException} naming it. Closing an unused master is a no-op; the client or server it
 * became is closed on its own.
 */
public final class TcpMaster implements AutoCloseable {

  private enum State {
    MASTER,
    BOUND,
    CONNECTED,
    LISTENING,
    CLOSED
  }

  private final HostResolver resolver;
  private State state = State.MASTER;
  private Duration timeout = Duration.ZERO;
  private @Nullable SSLContext tls;
  private @Nullable InetSocketAddress bound;

  private TcpMaster(HostResolver resolver) {
    this.resolver = resolver;
  }

  /** A master resolving names with the system resolver. */
  public static TcpMaster create() {
    return new TcpMaster(HostResolver.system());
  }

  /** A master resolving names with {@code resolver}. */
  public static TcpMaster create(HostResolver resolver) {
    return new TcpMaster(resolver);
  }

  /**
   * Bounds connect and, on the client it becomes, each read; {@link Duration#ZERO} means no bound.
   */
  public TcpMaster timeout(Duration value) {
    checkArgument(!value.isNegative(), "negative timeout: %s", value);
    this.timeout = value;
    return this;
  }

  /**
   * Makes the client it connects speak TLS with {@code context}: the handshake runs within the
   * connect timeout, with SNI and the host name verified against the server's certificate (as HTTPS
   * does). Connect by host name for both; an address alone is verified as an IP address.
   */
  public TcpMaster tls(SSLContext context) {
    checkState(state == State.MASTER, "tls needs a fresh master, state is %s", state);
    this.tls = context;
    return this;
  }

  /** Connects with the master's timeout. */
  public TcpClient connect(String host, int port) throws IOException {
    return connect(host, port, timeout);
  }

  /**
   * Resolves {@code host} and connects to each of its addresses in order until one accepts; the
   * master becomes a client. {@code connectTimeout} bounds the whole of it: the lookup and every
   * attempt share one deadline (zero: no timeout).
   *
   * @throws java.net.UnknownHostException the host does not resolve
   * @throws ConnectException every address refused (the others are suppressed in it)
   * @throws SocketTimeoutException the lookup did not answer, or no address accepted, within {@code
   *     connectTimeout}
   */
  public TcpClient connect(String host, int port, Duration connectTimeout) throws IOException {
    checkPort(port);
    checkState(state == State.MASTER, "connect needs a fresh master, state is %s", state);
    checkArgument(!connectTimeout.isNegative(), "negative timeout: %s", connectTimeout);
    boolean bounded = !connectTimeout.isZero(); // zero: no timeout, as for a socket
    long deadline = System.nanoTime() + connectTimeout.toNanos();
    List<InetAddress> addresses =
        bounded ? Dns.resolveAll(resolver, host, connectTimeout) : Dns.resolveAll(resolver, host);
    IOException last = null;
    for (InetAddress address : addresses) {
      Duration slice = connectTimeout;
      if (bounded) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          SocketTimeoutException late =
              new SocketTimeoutException(
                  "connect to " + host + ":" + port + " timed out after " + connectTimeout);
          if (last != null) {
            late.addSuppressed(last);
          }
          throw late;
        }
        // Whole milliseconds, at least one: a zero would mean no timeout to the socket.
        slice = Duration.ofMillis(Math.max(1, left / 1_000_000));
      }
      try {
        return connect(new InetSocketAddress(address, port), slice, host);
      } catch (ConnectException | SocketTimeoutException | NoRouteToHostException e) {
        if (last != null) {
          e.addSuppressed(last);
        }
        last = e;
      }
    }
    throw Objects.requireNonNull(last);
  }

  /** Connects to one resolved address; the master becomes a client. */
  public TcpClient connect(InetSocketAddress address, Duration connectTimeout) throws IOException {
    return connect(address, connectTimeout, address.getHostString());
  }

  /** Connects to {@code address} of {@code host} (the name TLS verifies). */
  private TcpClient connect(InetSocketAddress address, Duration connectTimeout, String host)
      throws IOException {
    checkState(state == State.MASTER, "connect needs a fresh master, state is %s", state);
    checkArgument(!address.isUnresolved(), "unresolved address: %s", address);
    Socket socket = new Socket();
    try {
      socket.connect(address, TcpClient.toMillis(connectTimeout));
      socket.setSoTimeout(TcpClient.toMillis(timeout));
      socket.setTcpNoDelay(true);
    } catch (ConnectException e) {
      TcpClient.closeQuietly(socket, e);
      ConnectException named =
          new ConnectException("connect to " + address + ": " + e.getMessage());
      named.initCause(e);
      throw named;
    } catch (SocketTimeoutException e) {
      TcpClient.closeQuietly(socket, e);
      SocketTimeoutException named =
          new SocketTimeoutException(
              "connect to " + address + " timed out after " + connectTimeout);
      named.initCause(e);
      throw named;
    } catch (IOException | RuntimeException e) {
      TcpClient.closeQuietly(socket, e);
      throw e;
    }
    TcpClient client =
        tls == null ? TcpClient.wrap(socket) : handshake(socket, host, connectTimeout);
    state = State.CONNECTED;
    return client;
  }

  private TcpClient handshake(Socket socket, String host, Duration connectTimeout)
      throws IOException {
    SSLContext context = Objects.requireNonNull(tls);
    SSLSocket ssl;
    try {
      ssl =
          (SSLSocket) context.getSocketFactory().createSocket(socket, host, socket.getPort(), true);
      SSLParameters parameters = ssl.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      ssl.setSSLParameters(parameters);
      ssl.setSoTimeout(TcpClient.toMillis(connectTimeout));
      ssl.startHandshake();
      ssl.setSoTimeout(TcpClient.toMillis(timeout));
    } catch (IOException | RuntimeException e) {
      TcpClient.closeQuietly(socket, e);
      if (e instanceof SSLException tlsFailure) {
        SSLException named =
            new SSLException(
                "TLS with " + host + ":" + socket.getPort() + ": " + tlsFailure.getMessage(),
                tlsFailure);
        throw named;
      }
      throw e;
    }
    SSLSocket handshaken = ssl;
    return TcpClient.wrap(handshaken, () -> Optional.of(handshaken.getSession()));
  }

  /**
   * Chooses the local address to listen on: {@code "*"} is every interface, port 0 a free port. The
   * name is resolved now (first address); the operating system binds in {@link #listen}, where a
   * port in use is reported.
   */
  public TcpMaster bind(String host, int port) throws IOException {
    checkPort(port);
    checkState(state == State.MASTER, "bind needs a fresh master, state is %s", state);
    InetSocketAddress address =
        host.equals("*")
            ? new InetSocketAddress(port)
            : new InetSocketAddress(Dns.resolveAll(resolver, host).get(0), port);
    bound = address;
    state = State.BOUND;
    return this;
  }

  /**
   * Binds and listens with a queue of {@code backlog} pending connections; the master becomes a
   * server.
   *
   * @throws java.net.BindException the address is in use or not local
   */
  public TcpServer listen(int backlog) throws IOException {
    checkArgument(backlog > 0, "backlog must be positive: %s", backlog);
    checkState(state == State.BOUND, "listen needs a bound master, state is %s", state);
    InetSocketAddress address = Objects.requireNonNull(bound);
    ServerSocket socket = new ServerSocket();
    try {
      socket.setReuseAddress(true);
      socket.bind(address, backlog);
    } catch (BindException e) {
      TcpClient.closeQuietly(socket, e);
      BindException named = new BindException("bind " + address + ": " + e.getMessage());
      named.initCause(e);
      throw named;
    } catch (IOException | RuntimeException e) {
      TcpClient.closeQuietly(socket, e);
      throw e;
    }
    state = State.LISTENING;
    return new TcpServer(socket);
  }

  @Override
  public void close() {
    if (state == State.MASTER || state == State.BOUND) {
      state = State.CLOSED;
    }
  }

  @Override
  public String toString() {
    return "TcpMaster[" + state + "]";
  }

  private static void checkPort(int port) {
    checkArgument(port >= 0 && port <= 65535, "port out of range: %s", port);
  }
}
