package io.capas.transport.udp;

import io.capas.transport.Datagram;
import io.capas.transport.DatagramEndpoint;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;

/** A {@link DatagramEndpoint} over a JDK {@link DatagramSocket}. Safe for concurrent use. */
final class JdkDatagramEndpoint implements DatagramEndpoint {
  private static final int BUFFER = 1 << 20;

  private final DatagramSocket socket;
  private final InetSocketAddress local;
  private final Object receiveLock = new Object();
  private final byte[] buffer = new byte[ReliableUdpConfig.MAX_DATAGRAM];

  private JdkDatagramEndpoint(DatagramSocket socket) {
    this.socket = socket;
    this.local = (InetSocketAddress) socket.getLocalSocketAddress();
  }

  static JdkDatagramEndpoint bind(InetSocketAddress local) throws IOException {
    return bind(local, false);
  }

  /**
   * @param shared allow other sockets on the same port (SO_REUSEADDR), so that several discovery
   *     responders on one host all get a broadcast
   */
  static JdkDatagramEndpoint bind(InetSocketAddress local, boolean shared) throws IOException {
    DatagramSocket socket = new DatagramSocket(null);
    try {
      socket.setReuseAddress(shared);
      socket.setBroadcast(true);
      // Bigger buffers keep a burst of fragments from overflowing the kernel queue.
      socket.setReceiveBufferSize(BUFFER);
      socket.setSendBufferSize(BUFFER);
      socket.bind(local);
      return new JdkDatagramEndpoint(socket);
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  @Override
  public void send(byte[] data, InetSocketAddress to) throws IOException {
    socket.send(new DatagramPacket(data, data.length, to));
  }

  @Override
  public Datagram receive(Duration timeout) throws IOException {
    synchronized (receiveLock) {
      long millis = timeout.isZero() ? 0 : Math.max(1, timeout.toMillis());
      socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, millis));
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      socket.receive(packet); // SocketTimeoutException when nothing came in time
      return new Datagram(
          Arrays.copyOfRange(
              packet.getData(), packet.getOffset(), packet.getOffset() + packet.getLength()),
          (InetSocketAddress) packet.getSocketAddress());
    }
  }

  @Override
  public InetSocketAddress localAddress() {
    return local;
  }

  @Override
  public void close() {
    socket.close();
  }
}
