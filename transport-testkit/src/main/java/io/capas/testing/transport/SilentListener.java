package io.capas.testing.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * A loopback TCP port where a connect waits and never completes, as to a host that went silent: a
 * listener with a backlog of one whose accept queue is filled and never taken, so that Linux drops
 * further SYNs. For tests of connect timeouts; nothing leaves loopback.
 */
public final class SilentListener implements AutoCloseable {
  private final ServerSocket listener;
  private final List<Socket> fillers = new ArrayList<>();

  private SilentListener(ServerSocket listener) {
    this.listener = listener;
  }

  /**
   * Opens the listener and fills its accept queue (a few connects of 200 ms at most each).
   *
   * @throws IllegalStateException the queue did not fill (not Linux's behaviour)
   */
  public static SilentListener open() throws IOException {
    SilentListener silent =
        new SilentListener(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
    try {
      InetSocketAddress address = (InetSocketAddress) silent.listener.getLocalSocketAddress();
      for (int i = 0; i < 8; i++) {
        Socket socket = new Socket();
        try {
          socket.connect(address, 200);
          silent.fillers.add(socket);
        } catch (SocketTimeoutException e) {
          socket.close();
          return silent; // full: connects wait from now on
        }
      }
      throw new IllegalStateException("the accept queue never filled: " + silent.fillers.size());
    } catch (IOException | RuntimeException e) {
      silent.close();
      throw e;
    }
  }

  /** The port, on the loopback address. */
  public int port() {
    return listener.getLocalPort();
  }

  @Override
  public void close() throws IOException {
    for (Socket socket : fillers) {
      socket.close();
    }
    listener.close();
  }
}
