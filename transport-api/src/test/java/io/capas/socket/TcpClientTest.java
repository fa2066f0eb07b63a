package io.capas.socket;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TcpClientTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private TcpServer server;
  private TcpClient client;
  private TcpClient peer;

  @BeforeEach
  void connect() throws IOException {
    server = TcpMaster.create().bind("127.0.0.1", 0).listen(8);
    client = TcpMaster.create().connect("127.0.0.1", server.port(), WAIT);
    peer = server.accept(WAIT);
  }

  @AfterEach
  void close() {
    client.close();
    peer.close();
    server.close();
  }

  @Test
  void sendsAndReceivesExactly() throws IOException {
    byte[] data = new byte[300_000];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) i;
    }
    CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> sendQuietly(client, data));
    assertArrayEquals(data, peer.receiveExactly(data.length));
    sent.join();
  }

  @Test
  void receiveExactlyNamesTheMissingBytesAtEndOfStream() throws IOException {
    client.sendAll(new byte[] {1, 2, 3});
    client.shutdownOutput();
    EOFException e = assertThrows(EOFException.class, () -> peer.receiveExactly(10));
    assertTrue(e.getMessage().contains("7 missing"), e.getMessage());
  }

  @Test
  void receivesLinesWithAndWithoutCarriageReturn() throws IOException {
    client.sendAll("uno\r\ndos\n\ntres".getBytes(UTF_8));
    client.shutdownOutput();
    assertEquals("uno", peer.receiveLine(100));
    assertEquals("dos", peer.receiveLine(100));
    assertEquals("", peer.receiveLine(100));
    assertThrows(EOFException.class, () -> peer.receiveLine(100));
  }

  @Test
  void receiveLineAnswersNullAtCleanEndOfStream() throws IOException {
    client.sendAll("last\n".getBytes(UTF_8));
    client.shutdownOutput();
    assertEquals("last", peer.receiveLine(10));
    assertNull(peer.receiveLine(10));
  }

  @Test
  void receiveLineRejectsALineOverTheLimit() throws IOException {
    client.sendAll("abcdefghij\n".getBytes(UTF_8));
    assertThrows(ProtocolException.class, () -> peer.receiveLine(5));
  }

  @Test
  void receiveLineAcceptsALineOfExactlyTheLimit() throws IOException {
    client.sendAll("abcde\r\nabcde\n".getBytes(UTF_8));
    assertEquals("abcde", peer.receiveLine(5));
    assertEquals("abcde", peer.receiveLine(5));
  }

  @Test
  void mixesLinesAndExactReadsAndTheStream() throws IOException {
    client.sendAll("head\nBODYrest".getBytes(UTF_8));
    client.shutdownOutput();
    assertEquals("head", peer.receiveLine(100));
    assertArrayEquals("BODY".getBytes(UTF_8), peer.receiveExactly(4));
    assertArrayEquals("rest".getBytes(UTF_8), peer.input().readAllBytes());
  }

  @Test
  void receiveSomeReturnsWhatIsThereAndEmptyAtEnd() throws IOException {
    client.sendAll(new byte[] {9, 8, 7});
    client.shutdownOutput();
    byte[] got = peer.receiveSome(2);
    assertTrue(got.length >= 1 && got.length <= 2, "got " + got.length);
    int total = got.length;
    while (total < 3) {
      total += peer.receiveSome(100).length;
    }
    assertEquals(0, peer.receiveSome(100).length);
  }

  @Test
  void readTimeoutFiresAndTheConnectionStaysUsable() throws IOException {
    peer.readTimeout(Duration.ofMillis(100));
    long start = System.nanoTime();
    assertThrows(SocketTimeoutException.class, () -> peer.receiveExactly(1));
    assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(90));
    client.sendAll(new byte[] {42});
    assertArrayEquals(new byte[] {42}, peer.receiveExactly(1));
  }

  @Test
  void closeWakesABlockedReaderAndIsIdempotent() throws Exception {
    CompletableFuture<Throwable> reader =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                peer.receiveExactly(1);
                return new AssertionError("read returned");
              } catch (IOException expected) {
                return expected;
              }
            });
    // Give the reader a moment to block; the assertion holds whether or not it did.
    assertThrows(TimeoutException.class, () -> reader.get(100, TimeUnit.MILLISECONDS));
    peer.close();
    peer.close();
    assertTrue(reader.get(WAIT.toSeconds(), TimeUnit.SECONDS) instanceof IOException);
    assertTrue(peer.isClosed());
  }

  @Test
  void reportsBothAddresses() {
    assertEquals(client.localAddress(), peer.remoteAddress());
    assertEquals(client.remoteAddress(), peer.localAddress());
    assertEquals(server.port(), client.remoteAddress().getPort());
  }

  @Test
  void acceptTimesOut() {
    assertThrows(SocketTimeoutException.class, () -> server.accept(Duration.ofMillis(50)));
  }

  @Test
  void closedPortRefusesWithConnectException() throws IOException {
    int port;
    try (TcpServer closed = TcpMaster.create().bind("127.0.0.1", 0).listen(1)) {
      port = closed.port();
    }
    ConnectException e =
        assertThrows(
            ConnectException.class, () -> TcpMaster.create().connect("127.0.0.1", port, WAIT));
    assertTrue(e.getMessage().contains(String.valueOf(port)), e.getMessage());
  }

  @Test
  void unknownHostIsUnknownHostException() {
    UnknownHostException e =
        assertThrows(
            UnknownHostException.class, () -> TcpMaster.create().connect("nope.invalid", 80, WAIT));
    assertTrue(e.getMessage().contains("nope.invalid"), e.getMessage());
  }

  @Test
  void aMasterIsUsedOnce() throws IOException {
    TcpMaster master = TcpMaster.create();
    try (TcpClient again = master.connect("127.0.0.1", server.port(), WAIT);
        TcpClient accepted = server.accept(WAIT)) {
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> master.bind("127.0.0.1", 0));
      assertTrue(e.getMessage().contains("CONNECTED"), e.getMessage());
      assertEquals(again.localAddress(), accepted.remoteAddress());
    }
  }

  @Test
  void listenNeedsBind() {
    assertThrows(IllegalStateException.class, () -> TcpMaster.create().listen(1));
  }

  @Test
  void bindsTheIpv6Loopback() throws IOException {
    try (TcpServer v6 = TcpMaster.create().bind("::1", 0).listen(1);
        TcpClient c = TcpMaster.create().connect("::1", v6.port(), WAIT);
        TcpClient p = v6.accept(WAIT)) {
      c.sendAll(new byte[] {6});
      assertArrayEquals(new byte[] {6}, p.receiveExactly(1));
      assertTrue(p.remoteAddress().getAddress() instanceof Inet6Address);
    }
  }

  private static void sendQuietly(TcpClient client, byte[] data) {
    try {
      client.sendAll(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
