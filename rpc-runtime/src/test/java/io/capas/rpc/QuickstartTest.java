package io.capas.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.capas.transport.HostResolver;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.TcpTransport;
import org.junit.jupiter.api.Test;

/** The README quickstart, verbatim between the markers, so that it keeps compiling and working. */
class QuickstartTest {
  // README quickstart begins
  interface Calculator {
    int suma(int a, int b);
  }

  @Test
  void quickstart() {
    try (RpcServer server =
            RpcServer.http(new TcpTransport(TcpConfig.defaults(), HostResolver.system()), 0)
                .addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b)
                .start();
        Client client = Client.connect("localhost", server.port())) {
      assertEquals(5, client.proxy(Calculator.class).suma(2, 3));
    }
  }
  // README quickstart ends
}
