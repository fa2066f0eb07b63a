package io.capas.transport.tcp;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.socket.UnixSocketOptions;
import io.capas.transport.Connection;
import io.capas.transport.Dialer;
import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.Server;
import io.capas.transport.Session;
import io.capas.transport.SessionFactory;
import java.io.IOException;
import java.net.BindException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The socket file of {@link UnixTransport}: its mode, stale and live files, cleanup. */
class UnixTransportTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  /** Echoes what it reads. */
  private static final SessionFactory ECHO =
      context ->
          new Session() {
            @Override
            public void onData(ByteBuffer data) throws IOException {
              byte[] bytes = new byte[data.remaining()];
              data.get(bytes);
              context.write(ByteBuffer.wrap(bytes));
            }
          };

  private static void assertEchoes(Endpoint endpoint, Dialer dialer) throws IOException {
    try (Connection c = dialer.connect(endpoint, WAIT)) {
      c.readTimeout(WAIT);
      c.sendAll("ping".getBytes(US_ASCII));
      assertArrayEquals("ping".getBytes(US_ASCII), c.receiveExactly(4));
    }
  }

  @ParameterizedTest
  @EnumSource(TcpConfig.Model.class)
  void socketFileIsOwnerOnlyByDefaultAndRemovedOnClose(TcpConfig.Model model) throws IOException {
    Path path = dir.resolve("rpc.sock");
    UnixTransport transport =
        new UnixTransport(TcpConfig.builder().model(model).build(), UnixSocketOptions.defaults());
    try (Server server = transport.serve(Endpoint.unix(path), ECHO)) {
      assertEquals(Endpoint.unix(path), server.endpoint());
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
      assertEchoes(server.endpoint(), Dialer.system());
      assertEchoes(server.endpoint(), Dialer.unix());
    }
    assertFalse(Files.exists(path), "the socket file outlived its server");
  }

  @Test
  void socketFileTakesTheConfiguredMode() throws IOException {
    Path path = dir.resolve("group.sock");
    UnixTransport transport =
        new UnixTransport(TcpConfig.defaults(), UnixSocketOptions.defaults().withMode("rw-rw----"));
    try (Server server = transport.serve(Endpoint.unix(path), ECHO)) {
      assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
    }
  }

  @Test
  void liveSocketIsNeverRemovedEvenWhenAskedToRemoveStaleOnes() throws IOException {
    Path path = dir.resolve("live.sock");
    UnixTransport removing =
        new UnixTransport(TcpConfig.defaults(), UnixSocketOptions.defaults().withRemoveStale(true));
    try (Server first = removing.serve(Endpoint.unix(path), ECHO)) {
      BindException e =
          assertThrows(BindException.class, () -> removing.serve(Endpoint.unix(path), ECHO));
      assertTrue(e.getMessage().contains("in use"), e.getMessage());
      assertEchoes(first.endpoint(), Dialer.unix());
    }
  }

  @Test
  void staleSocketIsRefusedUnlessRemovalIsAsked() throws IOException {
    Path path = dir.resolve("stale.sock");
    leaveStaleSocket(path);
    BindException e =
        assertThrows(
            BindException.class, () -> UnixTransport.defaults().serve(Endpoint.unix(path), ECHO));
    assertTrue(e.getMessage().contains("stale"), e.getMessage());
    assertTrue(Files.exists(path), "a stale file was removed without being asked");

    UnixTransport removing =
        new UnixTransport(TcpConfig.defaults(), UnixSocketOptions.defaults().withRemoveStale(true));
    try (Server server = removing.serve(Endpoint.unix(path), ECHO)) {
      assertEchoes(server.endpoint(), Dialer.unix());
    }
  }

  @Test
  void fileThatIsNotASocketIsNeverReplaced() throws IOException {
    Path path = dir.resolve("data.sock");
    Files.writeString(path, "precious");
    UnixTransport removing =
        new UnixTransport(TcpConfig.defaults(), UnixSocketOptions.defaults().withRemoveStale(true));
    assertThrows(FileAlreadyExistsException.class, () -> removing.serve(Endpoint.unix(path), ECHO));
    assertEquals("precious", Files.readString(path));
  }

  @Test
  void closeLeavesAFileThatIsNoLongerItsOwnAlone() throws IOException {
    Path path = dir.resolve("moved.sock");
    Server server = UnixTransport.defaults().serve(Endpoint.unix(path), ECHO);
    Files.move(path, dir.resolve("elsewhere.sock"));
    Files.writeString(path, "someone else's");
    server.close();
    assertEquals("someone else's", Files.readString(path));
  }

  @Test
  void hostAndPortEndpointsAreRefusedEachWay() {
    UnixTransport unix = UnixTransport.defaults();
    assertThrows(
        IllegalArgumentException.class, () -> unix.serve(Endpoint.of("127.0.0.1", 0), ECHO));
    assertThrows(
        IllegalArgumentException.class, () -> unix.connect(Endpoint.of("127.0.0.1", 80), WAIT));
    TcpTransport tcp = new TcpTransport(TcpConfig.defaults(), HostResolver.system());
    Endpoint socket = Endpoint.unix(dir.resolve("x.sock"));
    assertThrows(IllegalArgumentException.class, () -> tcp.serve(socket, ECHO));
    assertThrows(IllegalArgumentException.class, () -> tcp.connect(socket, WAIT));
  }

  @Test
  void tlsIsRefused() throws Exception {
    TcpConfig tls =
        TcpConfig.builder()
            .model(TcpConfig.Model.THREAD_PER_CONNECTION)
            .tls(TlsSettings.of(TestCertificates.serverContext()))
            .build();
    assertThrows(
        IllegalArgumentException.class, () -> new UnixTransport(tls, UnixSocketOptions.defaults()));
  }

  @Test
  void aTlsDialerRefusesAUnixEndpointByName() throws Exception {
    Endpoint socket = Endpoint.unix(dir.resolve("x.sock"));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Dialer.tls(TestCertificates.clientContext()).connect(socket, WAIT));
    assertEquals(
        "TLS over a Unix socket is not offered: " + socket + " (Dialer.unix() dials it)",
        e.getMessage());
  }

  /** Binds a socket at {@code path} and closes it: the file stays, nothing accepts on it. */
  private static void leaveStaleSocket(Path path) throws IOException {
    try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      dead.bind(UnixDomainSocketAddress.of(path));
    }
    assertTrue(Files.exists(path));
  }
}
