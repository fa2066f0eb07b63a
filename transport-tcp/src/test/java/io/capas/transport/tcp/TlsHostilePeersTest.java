package io.capas.transport.tcp;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.testing.transport.Waiting;
import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.Server;
import io.capas.transport.Session;
import io.capas.transport.SessionFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.Random;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * TLS servers against peers that do not play along, on every model (MULTIPLEX's {@code SSLEngine}
 * above all): a silent client and one stopping halfway through its ClientHello are closed at the
 * handshake timeout, a plaintext client is closed cleanly, a TLS 1.2 client's renegotiation is
 * refused while a TLS 1.3 KeyUpdate is answered, a mebibyte crosses each way in one write over a
 * read buffer smaller than a record, and close_notify goes both ways.
 */
class TlsHostilePeersTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int MEBIBYTE = 1 << 20;

  private final Deque<AutoCloseable> resources = new ArrayDeque<>();

  @AfterEach
  void closeResources() throws Exception {
    while (!resources.isEmpty()) {
      resources.pop().close();
    }
  }

  private <T extends AutoCloseable> T closeLater(T resource) {
    resources.push(resource);
    return resource;
  }

  /**
   * Echoes what it reads, except for commands at the start of a read: {@code "big\n"} answers a
   * mebibyte of {@link #bigPayload()} in one write, {@code "count\n"} takes the next mebibyte (in
   * however many reads) and answers its SHA-256 in hex and a newline, and {@code "bye\n"} answers
   * "ok" and closes. The end of the client's stream is answered with "end" (a session may still
   * write after it), then a close.
   */
  private static SessionFactory commands() {
    return context ->
        new Session() {
          private final MessageDigest digest = sha256();
          private int counting;

          @Override
          public void onData(ByteBuffer data) throws IOException {
            while (data.hasRemaining()) {
              if (counting > 0) {
                int n = Math.min(counting, data.remaining());
                ByteBuffer slice = data.slice(data.position(), n);
                digest.update(slice);
                data.position(data.position() + n);
                counting -= n;
                if (counting == 0) {
                  String hex = HexFormat.of().formatHex(digest.digest()) + "\n";
                  context.write(ByteBuffer.wrap(hex.getBytes(US_ASCII)));
                }
                continue;
              }
              if (startsWith(data, "count\n")) {
                data.position(data.position() + 6);
                counting = MEBIBYTE;
                continue;
              }
              if (startsWith(data, "big\n")) {
                data.position(data.position() + 4);
                context.write(ByteBuffer.wrap(bigPayload()));
                continue;
              }
              if (startsWith(data, "bye\n")) {
                data.position(data.limit());
                context.write(ByteBuffer.wrap("ok".getBytes(US_ASCII)));
                context.close();
                return;
              }
              context.write(data);
            }
          }

          @Override
          public void onEndOfStream() throws IOException {
            context.write(ByteBuffer.wrap("end".getBytes(US_ASCII)));
            context.close();
          }
        };
  }

  private static boolean startsWith(ByteBuffer data, String prefix) {
    if (data.remaining() < prefix.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (data.get(data.position() + i) != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] bigPayload() {
    byte[] payload = new byte[MEBIBYTE];
    new Random(16).nextBytes(payload);
    return payload;
  }

  private Server serve(TcpConfig.Model model, TlsSettings tls, int readBufferSize)
      throws IOException {
    TcpConfig config =
        TcpConfig.builder().model(model).readBufferSize(readBufferSize).tls(tls).build();
    return closeLater(
        new TcpTransport(config, HostResolver.system())
            .serve(Endpoint.of("127.0.0.1", 0), commands()));
  }

  private Server serve(TcpConfig.Model model) throws Exception {
    return serve(model, TlsSettings.of(TestCertificates.serverContext()), 16 * 1024);
  }

  /** A client socket trusting the test certificate, speaking only {@code protocol}. */
  private SSLSocket client(Server server, String protocol) throws Exception {
    SSLSocket socket =
        (SSLSocket)
            TestCertificates.clientContext()
                .getSocketFactory()
                .createSocket("127.0.0.1", server.address().getPort());
    closeLater(socket);
    socket.setEnabledProtocols(new String[] {protocol});
    socket.setSoTimeout((int) WAIT.toMillis());
    socket.startHandshake();
    return socket;
  }

  private Socket plain(Server server) throws IOException {
    Socket socket =
        closeLater(new Socket(server.address().getAddress(), server.address().getPort()));
    socket.setSoTimeout((int) WAIT.toMillis());
    return socket;
  }

  private static void send(Socket socket, String text) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(text.getBytes(US_ASCII));
    out.flush();
  }

  private static String receive(Socket socket, int length) throws IOException {
    return new String(socket.getInputStream().readNBytes(length), US_ASCII);
  }

  private static void assertEchoes(Socket socket, String text) throws IOException {
    send(socket, text);
    assertEquals(text, receive(socket, text.length()));
  }

  /**
   * Reads until the peer ends the connection: the bytes read, or null when the read timed out
   * first. A reset counts as an end.
   */
  private static byte[] readToTheEnd(Socket socket) throws IOException {
    ByteArrayOutputStream seen = new ByteArrayOutputStream();
    InputStream in = socket.getInputStream();
    byte[] chunk = new byte[4096];
    try {
      for (int i = 0; i < 10_000; i++) {
        int n = in.read(chunk);
        if (n < 0) {
          return seen.toByteArray();
        }
        seen.write(chunk, 0, n);
      }
      throw new AssertionError("the server sent more than 40 MB to a plaintext client");
    } catch (SocketTimeoutException e) {
      return null;
    } catch (IOException reset) {
      return seen.toByteArray();
    }
  }

  private static void await(String what, BooleanSupplier condition) {
    Waiting.await(what, condition, WAIT);
  }

  @ParameterizedTest
  @EnumSource(TcpConfig.Model.class)
  void silentClientIsClosedAtTheHandshakeTimeout(TcpConfig.Model model) throws Exception {
    TlsSettings tls =
        TlsSettings.of(TestCertificates.serverContext())
            .withHandshakeTimeout(Duration.ofMillis(300));
    Server server = serve(model, tls, 16 * 1024);
    Socket silent = plain(server);
    long start = System.nanoTime();

    assertTrue(readToTheEnd(silent) != null, "a client that never shook hands stayed open");
    assertTrue(
        System.nanoTime() - start < WAIT.toNanos() / 2, "closed only after the read timeout");
    await("no live connection", () -> server.activeConnections() == 0);
  }

  @ParameterizedTest
  @EnumSource(TcpConfig.Model.class)
  void clientStoppingHalfwayThroughItsHelloIsClosedAtTheHandshakeTimeout(TcpConfig.Model model)
      throws Exception {
    TlsSettings tls =
        TlsSettings.of(TestCertificates.serverContext())
            .withHandshakeTimeout(Duration.ofMillis(300));
    Server server = serve(model, tls, 16 * 1024);
    Socket stalling = plain(server);
    // A handshake record header announcing 512 bytes, then the first 4 of them.
    stalling.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01});

    assertTrue(readToTheEnd(stalling) != null, "a client stuck in its hello stayed open");
    await("no live connection", () -> server.activeConnections() == 0);
  }

  @ParameterizedTest
  @EnumSource(TcpConfig.Model.class)
  void plaintextClientIsClosedCleanlyAndTheServerKeepsServing(TcpConfig.Model model)
      throws Exception {
    Server server = serve(model);
    Socket plain = plain(server);
    send(plain, "POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");

    byte[] answer = readToTheEnd(plain);
    assertTrue(answer != null, "a client speaking plain HTTP was not closed");
    // Nothing, or a TLS alert record (content type 21): never a hang, never plaintext.
    assertTrue(answer.length == 0 || answer[0] == 0x15, "answered " + answer.length + " bytes");
    assertEchoes(client(server, "TLSv1.3"), "still serving");
    await("only the TLS client left", () -> server.activeConnections() <= 1);
  }

  @Test
  void multiplexRefusesATls12Renegotiation() throws Exception {
    Server server = serve(TcpConfig.Model.MULTIPLEX);
    SSLSocket client = client(server, "TLSv1.2");
    assertEchoes(client, "before");

    IOException refused =
        assertThrows(
            IOException.class,
            () -> {
              client.startHandshake(); // a new ClientHello
              send(client, "after");
              if (client.getInputStream().read() < 0) {
                throw new IOException("end of stream");
              }
            });
    assertTrue(refused.getMessage() != null, refused.toString());
    await("the connection closed", () -> server.activeConnections() == 0);
  }

  /**
   * The blocking models learn of a renegotiation only once it has completed (a handshake listener
   * on the {@code SSLSocket}), so what the client sees first may vary; what must not is that the
   * connection ends instead of going on renegotiated.
   */
  @ParameterizedTest
  @EnumSource(
      value = TcpConfig.Model.class,
      names = {"SEQUENTIAL", "THREAD_PER_CONNECTION", "POOL"})
  void blockingModelsRefuseATls12Renegotiation(TcpConfig.Model model) throws Exception {
    Server server = serve(model);
    SSLSocket client = client(server, "TLSv1.2");
    assertEchoes(client, "before");

    try {
      client.startHandshake(); // a new ClientHello
      send(client, "after");
    } catch (IOException refusedDuringTheHandshake) {
      // Also a refusal.
    }
    assertTrue(readToTheEnd(client) != null, "a renegotiating client stayed connected");
    await("the connection closed", () -> server.activeConnections() == 0);
  }

  @ParameterizedTest
  @EnumSource(TcpConfig.Model.class)
  void tls13KeyUpdateIsAnsweredAndTheConnectionGoesOn(TcpConfig.Model model) throws Exception {
    Server server = serve(model);
    SSLSocket client = client(server, "TLSv1.3");
    assertEchoes(client, "before");

    client.startHandshake(); // under TLS 1.3, a KeyUpdate asking for the server's
    assertEchoes(client, "after the key update");
    client.startHandshake();
    assertEchoes(client, "after another");
  }

  @ParameterizedTest
  @EnumSource(TcpConfig.Model.class)
  void aMebibyteCrossesEachWayInOneWriteOverASmallReadBuffer(TcpConfig.Model model)
      throws Exception {
    // 512-byte reads: a record (16 KiB of plaintext) never fits the session's buffer at once.
    Server server = serve(model, TlsSettings.of(TestCertificates.serverContext()), 512);
    for (String protocol : new String[] {"TLSv1.3", "TLSv1.2"}) {
      SSLSocket client = client(server, protocol);

      send(client, "big\n");
      assertArrayEquals(bigPayload(), client.getInputStream().readNBytes(MEBIBYTE), protocol);

      send(client, "count\n");
      byte[] payload = bigPayload();
      client.getOutputStream().write(payload);
      String expected = HexFormat.of().formatHex(sha256().digest(payload)) + "\n";
      assertEquals(expected, receive(client, expected.length()), protocol);
      assertEchoes(client, "and after");
    }
  }

  private EngineClient engineClient(Server server, String protocol) throws Exception {
    return closeLater(
        new EngineClient(TestCertificates.clientContext(), server.address(), protocol, WAIT));
  }

  @ParameterizedTest
  @EnumSource(TcpConfig.Model.class)
  void serverCloseSendsCloseNotifyAfterWhatItWrote(TcpConfig.Model model) throws Exception {
    Server server = serve(model);
    for (String protocol : new String[] {"TLSv1.3", "TLSv1.2"}) {
      EngineClient client = engineClient(server, protocol);
      client.send("bye\n".getBytes(US_ASCII));

      ByteBuffer received = ByteBuffer.allocate(64);
      assertEquals(EngineClient.End.CLOSE_NOTIFY, client.readToTheEnd(received), protocol);
      assertEquals("ok", new String(received.array(), 0, received.position(), US_ASCII));
    }
  }

  @ParameterizedTest
  @EnumSource(TcpConfig.Model.class)
  void clientCloseNotifyEndsTheStreamAndTheSessionMayStillAnswer(TcpConfig.Model model)
      throws Exception {
    Server server = serve(model);
    // TLS 1.3: a close_notify closes one direction only, so the session's answer still comes.
    EngineClient client = engineClient(server, "TLSv1.3");
    client.send("hello".getBytes(US_ASCII));
    client.closeOutbound();

    ByteBuffer received = ByteBuffer.allocate(64);
    assertEquals(EngineClient.End.CLOSE_NOTIFY, client.readToTheEnd(received));
    assertEquals("helloend", new String(received.array(), 0, received.position(), US_ASCII));
    await("the connection closed", () -> server.activeConnections() == 0);
  }

  @ParameterizedTest
  @EnumSource(TcpConfig.Model.class)
  void tls12CloseNotifyIsAnsweredWithOne(TcpConfig.Model model) throws Exception {
    Server server = serve(model);
    EngineClient client = engineClient(server, "TLSv1.2");
    client.send("hello".getBytes(US_ASCII));
    ByteBuffer received = ByteBuffer.allocate(64);
    client.closeOutbound();

    // Under TLS 1.2 a close_notify closes both directions: the session's "end" cannot follow.
    assertEquals(EngineClient.End.CLOSE_NOTIFY, client.readToTheEnd(received));
    assertTrue(
        new String(received.array(), 0, received.position(), US_ASCII).startsWith("hello"),
        "the echo before the close");
    await("the connection closed", () -> server.activeConnections() == 0);
  }
}
