package io.capas.socket;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * A listening Unix domain stream socket and its socket file, made by {@link #bind}.
 *
 * <p>Binding checks an existing file first: a socket a server still accepts on is never touched
 * ({@link BindException} "in use"); a stale one, left by a server that died, is removed only when
 * {@link UnixSocketOptions#removeStale()} says so, and is otherwise a {@link BindException} saying
 * what to do; anything that is not a socket is a {@link FileAlreadyExistsException}. The new file
 * gets {@link UnixSocketOptions#mode()} right after bind (a client connecting in between is
 * accepted under the umask's mode: bind inside a private directory when that matters). {@link
 * #close()} removes the file if it is still the one this listener made.
 *
 * <p>Safe for concurrent use; {@link #close()} is idempotent and wakes a blocked {@link #accept()}.
 */
public final class UnixListener implements AutoCloseable {

  /** How long the probe of an existing socket file may take to tell live from stale. */
  private static final Duration PROBE = Duration.ofSeconds(2);

  /** {@code S_IFMT} and {@code S_IFSOCK} of {@code stat(2)}. */
  private static final int S_IFMT = 0170000;

  private static final int S_IFSOCK = 0140000;

  private final ServerSocketChannel channel;
  private final Path path;
  private final @Nullable Object fileKey;
  private final AtomicBoolean closed = new AtomicBoolean();

  private UnixListener(ServerSocketChannel channel, Path path, @Nullable Object fileKey) {
    this.channel = channel;
    this.path = path;
    this.fileKey = fileKey;
  }

  /**
   * Binds a Unix socket at {@code path} with a listen queue of {@code backlog} (the channel is in
   * blocking mode).
   *
   * @throws BindException a server answers on {@code path}, or a stale file is there and {@code
   *     options} keep it, or the path is too long for a socket address
   * @throws FileAlreadyExistsException {@code path} exists and is not a socket
   */
  public static UnixListener bind(Path path, UnixSocketOptions options, int backlog)
      throws IOException {
    clearTheWay(path, options);
    ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      try {
        channel.bind(UnixDomainSocketAddress.of(path), backlog);
      } catch (BindException e) {
        BindException named = new BindException("bind unix:" + path + ": " + e.getMessage());
        named.initCause(e);
        throw named;
      }
      Files.setPosixFilePermissions(path, options.mode());
      Object key =
          Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
              .fileKey();
      return new UnixListener(channel, path, key);
    } catch (IOException | RuntimeException e) {
      TcpClient.closeQuietly(channel, e);
      throw e;
    }
  }

  /** Makes sure nothing but a stale socket we may remove stands at {@code path}. */
  private static void clearTheWay(Path path, UnixSocketOptions options) throws IOException {
    int mode;
    try {
      mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return;
    }
    if ((mode & S_IFMT) != S_IFSOCK) {
      throw new FileAlreadyExistsException(
          path.toString(), null, "exists and is not a socket: refusing to bind over it");
    }
    try (UnixClient probe = UnixClient.connect(path, PROBE)) {
      throw new BindException("bind unix:" + path + ": in use, a server accepts on it");
    } catch (ConnectException stale) {
      if (!options.removeStale()) {
        BindException kept =
            new BindException(
                "bind unix:"
                    + path
                    + ": a stale socket file is there (no server accepts on it); remove it, or"
                    + " let the server remove stale files (removeStale)");
        kept.initCause(stale);
        throw kept;
      }
      Files.deleteIfExists(path);
    }
  }

  /** Waits for the next connection (blocking mode only). */
  public UnixClient accept() throws IOException {
    SocketChannel accepted = channel.accept();
    return UnixClient.accepted(accepted, path);
  }

  /** The listening channel, e.g. to switch it to non-blocking mode and register it. */
  public ServerSocketChannel channel() {
    return channel;
  }

  /** The socket file. */
  public Path path() {
    return path;
  }

  public boolean isClosed() {
    return !channel.isOpen();
  }

  /** Stops listening and removes the socket file if it is still this listener's. */
  @Override
  public void close() {
    boolean wasOpen = !closed.getAndSet(true); // the channel may have been closed directly
    try {
      channel.close();
    } catch (IOException e) {
      // Nothing left to release.
    }
    if (wasOpen) {
      try {
        Object now =
            Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                .fileKey();
        if (fileKey != null && Objects.equals(fileKey, now)) {
          Files.deleteIfExists(path);
        }
      } catch (IOException e) {
        // Gone already, or another server's now: left alone.
      }
    }
  }

  @Override
  public String toString() {
    return "UnixListener[unix:" + path + (channel.isOpen() ? "]" : ", closed]");
  }
}
