package io.capas.socket;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.transport.Datagram;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class UdpSocketTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void sendsToHostAndPortAndReceivesWithTheSender() throws IOException {
    try (UdpSocket server = UdpSocket.bind("127.0.0.1", 0);
        UdpSocket client = UdpSocket.bind("127.0.0.1", 0)) {
      client.send("hola".getBytes(UTF_8), "localhost", server.port());
      Datagram got = server.receive(WAIT);
      assertArrayEquals("hola".getBytes(UTF_8), got.data());
      assertEquals(client.localAddress(), got.sender());
      server.send("HOLA".getBytes(UTF_8), got.sender());
      assertArrayEquals("HOLA".getBytes(UTF_8), client.receive(WAIT).data());
    }
  }

  @Test
  void cutsDatagramsLongerThanTheMaximum() throws IOException {
    try (UdpSocket server = UdpSocket.bind("127.0.0.1", 0).maxDatagramSize(4);
        UdpSocket client = UdpSocket.open()) {
      client.send(new byte[] {1, 2, 3, 4, 5, 6}, "127.0.0.1", server.port());
      assertArrayEquals(new byte[] {1, 2, 3, 4}, server.receive(WAIT).data());
    }
  }

  @Test
  void receiveTimesOut() throws IOException {
    try (UdpSocket socket = UdpSocket.bind("127.0.0.1", 0).timeout(Duration.ofMillis(50))) {
      SocketTimeoutException e = assertThrows(SocketTimeoutException.class, socket::receive);
      assertTrue(e.getMessage().contains("timed out"), e.getMessage());
    }
  }

  @Test
  void broadcastCanBeSwitchedOnAndOff() throws IOException {
    try (UdpSocket socket = UdpSocket.open()) {
      socket.broadcast(true);
      assertTrue(socket.broadcast());
      socket.broadcast(false);
      assertFalse(socket.broadcast());
    }
  }

  @Test
  void closeWakesABlockedReceiverAndIsIdempotent() throws Exception {
    UdpSocket socket = UdpSocket.bind("127.0.0.1", 0);
    CompletableFuture<Throwable> receiver =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                socket.receive(Duration.ZERO);
                return new AssertionError("receive returned");
              } catch (IOException expected) {
                return expected;
              }
            });
    assertThrows(TimeoutException.class, () -> receiver.get(100, TimeUnit.MILLISECONDS));
    socket.close();
    socket.close();
    assertTrue(receiver.get(WAIT.toSeconds(), TimeUnit.SECONDS) instanceof IOException);
  }

  @Test
  void worksOverIpv6Loopback() throws IOException {
    try (UdpSocket server = UdpSocket.bind("::1", 0);
        UdpSocket client = UdpSocket.bind("::1", 0)) {
      client.send(new byte[] {7}, server.localAddress());
      Datagram got = server.receive(WAIT);
      assertArrayEquals(new byte[] {7}, got.data());
      assertEquals(client.localAddress(), got.sender());
    }
  }
}
