package io.capas.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.socket.UnixSocketOptions;
import io.capas.testing.transport.AbstractTransportConformanceTest;
import io.capas.transport.Connection;
import io.capas.transport.Endpoint;
import io.capas.transport.Server;
import io.capas.transport.Transport;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transport conformance suite over Unix domain sockets, for one server model: servers listen on
 * socket files in a temporary directory; the suite's addressing tests become their Unix analogues
 * (a symbolic link as another name, a missing file as the unknown address, the path length limit).
 */
abstract class AbstractUnixTransportConformanceTest extends AbstractTransportConformanceTest {

  @TempDir Path dir;

  private final AtomicInteger sockets = new AtomicInteger();

  /** The server model under test. */
  protected abstract TcpConfig.Builder model();

  @Override
  protected final Transport newTransport(int maxConnections) {
    return new UnixTransport(
        model().maxConnections(maxConnections).build(), UnixSocketOptions.defaults());
  }

  @Override
  protected Endpoint listenEndpoint() {
    return Endpoint.unix(dir.resolve("s" + sockets.incrementAndGet() + ".sock"));
  }

  @Override
  protected Endpoint endpointOf(Server server) {
    return server.endpoint();
  }

  /** Another name for the socket: a symbolic link to its file. */
  @Override
  protected Endpoint endpointByName(Server server) {
    Path link = dir.resolve("link" + sockets.incrementAndGet() + ".sock");
    try {
      Files.createSymbolicLink(link, server.endpoint().unixPath());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return Endpoint.unix(link);
  }

  /** A path with no socket is a {@link ConnectException} naming the path. */
  @Override
  protected void assertUnknownAddressFails() {
    Path missing = dir.resolve("missing.sock");
    ConnectException e =
        assertThrows(ConnectException.class, () -> transport.connect(Endpoint.unix(missing), WAIT));
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
  }

  /**
   * A path of 100 bytes (near the 107 of {@code sun_path}) serves; one too long for a socket
   * address is an {@link IOException} at bind, not a truncated name.
   */
  @Override
  protected void assertServesOverTheOtherAddressForm() throws IOException {
    String base = dir.toString() + "/";
    Path near = Path.of(base + "n".repeat(100 - base.length()));
    assertEquals(100, near.toString().length());
    Server server = closeLater(transport.serve(Endpoint.unix(near), echoSessions()));
    Connection connection = closeLater(transport.connect(server.endpoint(), WAIT));
    connection.readTimeout(WAIT);
    assertEchoesBack(connection, "long path");
    Path tooLong = Path.of(base + "x".repeat(120 - base.length()));
    assertThrows(IOException.class, () -> transport.serve(Endpoint.unix(tooLong), echoSessions()));
  }

  /**
   * Both ends of a Unix connection, on the client and in the server's session, report the socket
   * file as their socket address (issue 16), not loopback:0.
   */
  @Test
  void connectionsReportTheSocketFile() throws Exception {
    CompletableFuture<List<SocketAddress>> seen = new CompletableFuture<>();
    Server server =
        closeLater(
            transport.serve(
                listenEndpoint(),
                context -> {
                  seen.complete(
                      List.of(context.localSocketAddress(), context.remoteSocketAddress()));
                  return echoSessions().open(context);
                }));
    Connection connection = closeLater(transport.connect(server.endpoint(), WAIT));
    connection.readTimeout(WAIT);
    assertEchoesBack(connection, "where");
    UnixDomainSocketAddress file = UnixDomainSocketAddress.of(server.endpoint().unixPath());
    assertEquals(file, connection.localSocketAddress());
    assertEquals(file, connection.remoteSocketAddress());
    assertEquals(List.of(file, file), seen.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
  }
}
