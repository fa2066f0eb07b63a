package io.capas.hftp;

import static java.lang.System.Logger.Level.INFO;

import io.capas.transport.Endpoint;
import io.capas.transport.Server;
import io.capas.transport.Transport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * An HFTP server: serves the regular files of one directory to many clients at once, on whatever
 * {@link Transport} (and server model) it is given.
 *
 * <pre>{@code
 * try (HftpServer server = HftpServer.start(transport, Path.of("testdata"),
 *     Endpoint.of("127.0.0.1", HftpServer.DEFAULT_PORT))) {
 *   ...
 * }
 * }</pre>
 *
 * <p>Limits per connection are in {@link HftpLimits}. A slice is read from its file and encoded
 * chunk by chunk; on blocking server models every chunk is sent before the next is read, so a
 * connection sending a slice costs about 120 KiB of buffers whatever the file, and an idle one a
 * few hundred bytes (buffers exist only while there is something to send). A multiplexing model
 * queues writes instead: there a slice stops while the connection's queue is past the transport's
 * high watermark and goes on once it drains ({@link
 * io.capas.transport.SessionContext#writeBacklogged()}, {@link
 * io.capas.transport.Session#onWritable()}), so a client that does not read costs about that
 * watermark plus two chunks, whatever the slice.
 *
 * <p>Safe for concurrent use; {@link #close()} stops accepting, closes every connection, and may be
 * called twice.
 */
public final class HftpServer implements AutoCloseable {

  private static final System.Logger LOGGER = System.getLogger(HftpServer.class.getName());

  /** The port HFTP servers listen on and clients dial unless told otherwise. */
  public static final int DEFAULT_PORT = 19500;

  private final Server server;
  private final Path directory;

  private HftpServer(Server server, Path directory) {
    this.server = server;
    this.directory = directory;
  }

  /** Starts serving {@code directory} on {@code local} (port 0 picks a free port). */
  public static HftpServer start(Transport transport, Path directory, Endpoint local)
      throws IOException {
    return start(transport, directory, local, HftpLimits.defaults());
  }

  /**
   * Starts serving {@code directory} on {@code local} with the given limits.
   *
   * @throws IllegalArgumentException {@code directory} is not a directory
   * @throws IOException the directory cannot be resolved or the address cannot be bound
   */
  public static HftpServer start(
      Transport transport, Path directory, Endpoint local, HftpLimits limits) throws IOException {
    FileStore files = new FileStore(directory);
    Server server = transport.serve(local, context -> new HftpSession(context, files, limits));
    LOGGER.log(INFO, "HFTP serving {0} on {1}", files.directory(), server.address());
    return new HftpServer(server, files.directory());
  }

  /** The bound address, with the real port when port 0 was asked for. */
  public InetSocketAddress address() {
    return server.address();
  }

  /** The served directory (its real path). */
  public Path directory() {
    return directory;
  }

  /** Connections open right now. */
  public int activeConnections() {
    return server.activeConnections();
  }

  @Override
  public void close() {
    server.close();
  }
}
