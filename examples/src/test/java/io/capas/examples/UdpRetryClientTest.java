package io.capas.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.capas.socket.Threads;
import io.capas.socket.UdpSocket;
import io.capas.transport.Datagram;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class UdpRetryClientTest {

  @Test
  void sendsAgainWithADoubledWaitUntilTheServerAnswers() throws Exception {
    // A server that drops the first two requests, as the slides' server drops packets.
    AtomicInteger received = new AtomicInteger();
    try (UdpSocket server = UdpSocket.bind("127.0.0.1", 0)) {
      Thread loop =
          Threads.start(
              () -> {
                try {
                  for (int i = 0; i < 3; i++) {
                    Datagram request = server.receive(Duration.ofSeconds(30));
                    if (received.incrementAndGet() == 3) {
                      String text = new String(request.data(), UTF_8).toUpperCase(Locale.ROOT);
                      server.send(text.getBytes(UTF_8), request.sender());
                    }
                  }
                } catch (IOException e) {
                  // the test's assertion reports the missing answer
                }
              });
      ByteArrayOutputStream printed = new ByteArrayOutputStream();
      String answer =
          UdpRetryClient.request(
              server.localAddress(),
              "hola",
              Duration.ofMillis(200),
              Duration.ofSeconds(5),
              new PrintStream(printed, true, UTF_8));
      loop.join(30_000);
      assertEquals("HOLA", answer);
      assertEquals(3, received.get());
      assertEquals(
          """
          Waiting up to 0.2 seconds for a reply
          Waiting up to 0.4 seconds for a reply
          Waiting up to 0.8 seconds for a reply
          """,
          printed.toString(UTF_8));
    }
  }

  @Test
  void refusesAWaitLongerThanTheLimit() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            UdpRetryClient.request(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 9),
                "x",
                Duration.ofSeconds(3),
                Duration.ofSeconds(2),
                System.out));
  }
}
