package io.capas.socket;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;

/**
 * A listening TCP socket, made by {@link TcpMaster#listen}.
 *
 * <p>Safe for concurrent use. {@link #close()} is idempotent and wakes a thread blocked in {@link
 * #accept()}, which then fails with a {@link SocketException}.
 */
public final class TcpServer implements AutoCloseable {

  private final ServerSocket socket;
  private final InetSocketAddress local;

  TcpServer(ServerSocket socket) {
    this.socket = socket;
    this.local = (InetSocketAddress) socket.getLocalSocketAddress();
  }

  /** Waits for the next connection, with no bound. */
  public TcpClient accept() throws IOException {
    return accept(Duration.ZERO);
  }

  /**
   * Waits at most {@code timeout} ({@link Duration#ZERO}: no bound) for the next connection.
   *
   * @throws java.net.SocketTimeoutException no connection came in time
   */
  public synchronized TcpClient accept(Duration timeout) throws IOException {
    socket.setSoTimeout(TcpClient.toMillis(timeout));
    Socket accepted = socket.accept();
    return TcpClient.wrap(accepted);
  }

  /** The bound address, with the real port when port 0 was asked for. */
  public InetSocketAddress localAddress() {
    return local;
  }

  public int port() {
    return local.getPort();
  }

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
    return "TcpServer[" + local + (socket.isClosed() ? ", closed]" : "]");
  }
}
