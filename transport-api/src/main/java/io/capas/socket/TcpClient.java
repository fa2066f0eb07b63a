package io.capas.socket;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.SSLSession;

/**
 * A connected TCP socket, made by {@link TcpMaster#connect} or {@link TcpServer#accept}.
 *
 * <p>One reader thread and one writer thread may use it at once. {@link #close()} is idempotent and
 * wakes a thread blocked in a read, which then fails with an {@code IOException}. Reads honour
 * {@link #readTimeout} and fail with {@link java.net.SocketTimeoutException} when it passes; the
 * connection stays usable after a timeout.
 */
public final class TcpClient extends StreamConnection {

  private final Socket socket;
  private final InetSocketAddress local;
  private final InetSocketAddress remote;
  private final Supplier<Optional<SSLSession>> tlsSession;

  private TcpClient(Socket socket, Supplier<Optional<SSLSession>> tlsSession) throws IOException {
    super(socket.getInputStream(), socket.getOutputStream());
    this.socket = socket;
    this.tlsSession = tlsSession;
    this.local = (InetSocketAddress) socket.getLocalSocketAddress();
    this.remote = (InetSocketAddress) socket.getRemoteSocketAddress();
  }

  /**
   * Wraps a connected socket; the client owns it from now on (closing the client closes it).
   *
   * @throws IllegalArgumentException the socket is not connected
   */
  public static TcpClient wrap(Socket socket) throws IOException {
    return wrap(socket, Optional::empty);
  }

  /**
   * Wraps a connected socket that carries TLS (a view over an {@code SSLSocket}); {@link
   * #tlsSession()} answers {@code tlsSession}, which gives the session once its handshake has
   * completed and is empty before. The client owns the socket from now on.
   *
   * @throws IllegalArgumentException the socket is not connected
   */
  public static TcpClient wrap(Socket socket, Supplier<Optional<SSLSession>> tlsSession)
      throws IOException {
    checkArgument(socket.isConnected() && !socket.isClosed(), "socket not connected: %s", socket);
    try {
      return new TcpClient(socket, tlsSession);
    } catch (IOException | RuntimeException e) {
      closeQuietly(socket, e);
      throw e;
    }
  }

  @Override
  public void readTimeout(Duration timeout) throws SocketException {
    socket.setSoTimeout(toMillis(timeout));
  }

  /** Enables or disables Nagle's algorithm ({@code TCP_NODELAY}). */
  public void tcpNoDelay(boolean on) throws SocketException {
    socket.setTcpNoDelay(on);
  }

  @Override
  public InetSocketAddress localAddress() {
    return local;
  }

  @Override
  public InetSocketAddress remoteAddress() {
    return remote;
  }

  @Override
  public Optional<SSLSession> tlsSession() {
    return tlsSession.get();
  }

  @Override
  public void shutdownOutput() throws IOException {
    socket.shutdownOutput();
  }

  /** True once {@link #close()} ran (by any thread). */
  @Override
  public boolean isClosed() {
    return socket.isClosed();
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // Closing a socket fails only when the descriptor is already gone: nothing left to release.
    }
  }

  @Override
  public String toString() {
    return "TcpClient[" + local + " -> " + remote + (socket.isClosed() ? ", closed]" : "]");
  }

  /** Milliseconds for {@code setSoTimeout}: zero is no bound, anything positive at least 1 ms. */
  static int toMillis(Duration timeout) {
    checkArgument(!timeout.isNegative(), "negative timeout: %s", timeout);
    if (timeout.isZero()) {
      return 0;
    }
    long millis = Math.max(1, timeout.toMillis());
    return (int) Math.min(Integer.MAX_VALUE, millis);
  }

  static void closeQuietly(AutoCloseable closeable, Throwable primary) {
    try {
      closeable.close();
    } catch (Exception e) {
      primary.addSuppressed(e);
    }
  }
}
