package io.capas.socket;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * A connected Unix domain stream socket ({@code AF_UNIX}), made by {@link #connect} or accepted by
 * a Unix socket server.
 *
 * <p>One reader thread and one writer thread may use it at once. {@link #close()} is idempotent and
 * wakes a thread blocked in a read or write, which then fails with an {@code IOException}. Reads
 * honour {@link #readTimeout} and fail with {@link SocketTimeoutException} when it passes; the
 * connection stays usable after a timeout. A thread waiting for bytes parks (see {@link
 * ChannelPoller}), so a virtual thread waiting on an idle connection holds no platform thread.
 *
 * <p>Unix sockets have no IP addresses: {@link #localAddress()} and {@link #remoteAddress()} are
 * the loopback address with port 0 ({@link #inetView}); {@link #localSocketAddress()} and {@link
 * #remoteSocketAddress()} name the socket file, {@link #path()}.
 */
public final class UnixClient extends StreamConnection {

  private static final InetSocketAddress LOCAL =
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

  private final SocketChannel channel;
  private final ChannelStreams streams;
  private final Path path;

  private UnixClient(ChannelStreams streams, Path path) {
    super(streams.in, streams.out);
    this.channel = streams.channel;
    this.streams = streams;
    this.path = path;
  }

  /**
   * Connects to the Unix socket at {@code path} within {@code timeout} ({@link Duration#ZERO}: no
   * bound).
   *
   * @throws ConnectException no server listens there (no such file, or refused)
   * @throws SocketTimeoutException the server's backlog stayed full for {@code timeout}
   */
  public static UnixClient connect(Path path, Duration timeout) throws IOException {
    checkArgument(!timeout.isNegative(), "negative timeout: %s", timeout);
    SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      channel.configureBlocking(false);
      boolean connected;
      try {
        connected = channel.connect(UnixDomainSocketAddress.of(path));
      } catch (SocketException e) {
        ConnectException refused =
            new ConnectException("connect to unix:" + path + ": " + e.getMessage());
        refused.initCause(e);
        throw refused;
      }
      if (!connected) {
        // The listen backlog is full: wait for room, as a TCP SYN would.
        if (!ChannelPoller.get()
            .await(channel, SelectionKey.OP_CONNECT, timeout.toNanos(), channel::isOpen)) {
          throw new SocketTimeoutException("connect to unix:" + path + " timed out");
        }
        channel.finishConnect();
      }
      return new UnixClient(new ChannelStreams(channel), path);
    } catch (IOException | RuntimeException e) {
      TcpClient.closeQuietly(channel, e);
      throw e;
    }
  }

  /**
   * Wraps a channel a Unix socket server accepted; the client owns it from now on.
   *
   * @throws IllegalArgumentException the channel is not a connected Unix socket
   */
  public static UnixClient accepted(SocketChannel channel, Path path) throws IOException {
    checkArgument(
        channel.isConnected() && channel.getRemoteAddress() instanceof UnixDomainSocketAddress,
        "not a connected Unix socket: %s",
        channel);
    try {
      channel.configureBlocking(false);
      return new UnixClient(new ChannelStreams(channel), path);
    } catch (IOException | RuntimeException e) {
      TcpClient.closeQuietly(channel, e);
      throw e;
    }
  }

  /**
   * An IP view of a socket address, for the APIs that answer {@link InetSocketAddress}: itself, or
   * the loopback address with port 0 for a Unix socket (its peer is on this machine).
   */
  public static InetSocketAddress inetView(SocketAddress address) {
    return address instanceof InetSocketAddress inet ? inet : LOCAL;
  }

  /** The socket file: the server's path, on both ends. */
  public Path path() {
    return path;
  }

  @Override
  public void readTimeout(Duration timeout) {
    checkArgument(!timeout.isNegative(), "negative timeout: %s", timeout);
    streams.readTimeoutNanos = timeout.toNanos();
  }

  @Override
  public InetSocketAddress localAddress() {
    return LOCAL;
  }

  @Override
  public InetSocketAddress remoteAddress() {
    return LOCAL;
  }

  /** The socket file, {@link #path()}. */
  @Override
  public SocketAddress localSocketAddress() {
    return UnixDomainSocketAddress.of(path);
  }

  /** The socket file, {@link #path()}. */
  @Override
  public SocketAddress remoteSocketAddress() {
    return UnixDomainSocketAddress.of(path);
  }

  @Override
  public void shutdownOutput() throws IOException {
    channel.shutdownOutput();
  }

  @Override
  public boolean isClosed() {
    return !channel.isOpen();
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // Nothing left to release.
    }
    // Lets the poller's selector drop the channel (its descriptor closes then), and wakes waiters.
    ChannelPoller.get().wakeup();
    LockSupport.unpark(streams.reader);
    LockSupport.unpark(streams.writer);
    streams.closeSelectors();
  }

  @Override
  public String toString() {
    return "UnixClient[unix:" + path + (channel.isOpen() ? "]" : ", closed]");
  }

  /** The raw streams over the non-blocking channel, waiting through {@link ChannelPoller}. */
  private static final class ChannelStreams {
    final SocketChannel channel;
    final InputStream in = new In();
    final OutputStream out = new Out();
    volatile long readTimeoutNanos;
    volatile @Nullable Thread reader;
    volatile @Nullable Thread writer;

    /**
     * Selectors of this connection's own, made when a platform thread first waits to read or to
     * write: it blocks in {@code select} with no hand-off through the poller's thread (a virtual
     * thread parks through {@link ChannelPoller} instead, so it never holds its carrier).
     */
    private volatile @Nullable Selector readSelector;

    private volatile @Nullable Selector writeSelector;

    ChannelStreams(SocketChannel channel) {
      this.channel = channel;
    }

    /**
     * Waits until the channel is ready for {@code op} or {@code timeoutNanos} pass (0: no bound);
     * false when the poller saw the time pass. May return early (the channel closed, a wakeup): the
     * caller reads again and checks its own deadline.
     */
    boolean await(int op, long timeoutNanos) throws IOException {
      if (Thread.currentThread().isVirtual()) {
        return ChannelPoller.get().await(channel, op, timeoutNanos, channel::isOpen);
      }
      Selector selector = op == SelectionKey.OP_READ ? readSelector : writeSelector;
      if (selector == null) {
        selector = Selector.open();
        channel.register(selector, op);
        if (op == SelectionKey.OP_READ) {
          readSelector = selector;
        } else {
          writeSelector = selector;
        }
        if (!channel.isOpen()) {
          closeSelectors();
          return true;
        }
      }
      try {
        if (timeoutNanos == 0) {
          selector.select();
        } else {
          selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeoutNanos)));
        }
        selector.selectedKeys().clear();
      } catch (ClosedSelectorException e) {
        // Closed under us: the caller sees the closed channel.
      }
      return true; // ready, woken or out of time: the caller reads again and checks its deadline
    }

    /** Closes the selectors, releasing the channel's descriptor and waking a blocked select. */
    void closeSelectors() {
      for (Selector selector : new Selector[] {readSelector, writeSelector}) {
        if (selector != null) {
          try {
            selector.close();
          } catch (IOException e) {
            // Nothing left to release.
          }
        }
      }
    }

    private final class In extends InputStream {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
          return 0;
        }
        ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
        long timeout = readTimeoutNanos;
        long deadline = System.nanoTime() + timeout;
        while (true) {
          int n = channel.read(buffer);
          if (n != 0) {
            return n;
          }
          long left = timeout == 0 ? 0 : deadline - System.nanoTime();
          if (timeout != 0 && left <= 0) {
            throw new SocketTimeoutException("Read timed out");
          }
          reader = Thread.currentThread();
          boolean ready;
          try {
            ready = await(SelectionKey.OP_READ, left);
          } finally {
            reader = null;
          }
          if (!ready) {
            throw new SocketTimeoutException("Read timed out");
          }
          if (!channel.isOpen()) {
            throw new SocketException("Socket closed");
          }
        }
      }
    }

    private final class Out extends OutputStream {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
        while (buffer.hasRemaining()) {
          if (channel.write(buffer) == 0) {
            writer = Thread.currentThread();
            try {
              await(SelectionKey.OP_WRITE, 0);
            } finally {
              writer = null;
            }
            if (!channel.isOpen()) {
              throw new SocketException("Socket closed");
            }
          }
        }
      }
    }
  }
}
