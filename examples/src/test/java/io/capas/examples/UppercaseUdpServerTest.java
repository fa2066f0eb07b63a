package io.capas.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class UppercaseUdpServerTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void answersEachDatagramInUpperCase() throws IOException {
    try (UppercaseUdpServer server = UppercaseUdpServer.start("127.0.0.1", 0)) {
      assertEquals("HOLA", UppercaseUdpServer.call(server.address(), "hola", WAIT));
      assertEquals("ÑANDÚ 42", UppercaseUdpServer.call(server.address(), "ñandú 42", WAIT));
    }
  }
}
