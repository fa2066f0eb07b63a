package io.capas.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.capas.transport.Connection;
import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.Server;
import io.capas.transport.Transport;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.TcpTransport;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class UppercaseServerTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @ParameterizedTest
  @EnumSource(TcpConfig.Model.class)
  void answersEachLineInUpperCaseUnderEveryModel(TcpConfig.Model model) throws IOException {
    Transport tcp =
        new TcpTransport(TcpConfig.builder().model(model).build(), HostResolver.system());
    try (Server server = UppercaseServer.serve(tcp, Endpoint.of("127.0.0.1", 0));
        Connection client =
            tcp.connect(Endpoint.of("localhost", server.address().getPort()), WAIT)) {
      client.readTimeout(WAIT);
      // Two lines in one write, then a line split across writes.
      client.sendAll("hola\nmundo\nmedia ".getBytes(UTF_8));
      assertEquals("HOLA", client.receiveLine(100));
      assertEquals("MUNDO", client.receiveLine(100));
      client.sendAll("línea\n".getBytes(UTF_8));
      assertEquals("MEDIA LÍNEA", client.receiveLine(100));
    }
  }
}
