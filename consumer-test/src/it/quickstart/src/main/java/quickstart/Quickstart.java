package quickstart;

import io.capas.rpc.Client;
import io.capas.rpc.RpcServer;
import io.capas.transport.HostResolver;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.TcpTransport;

/**
 * The README quickstart as a user's main program: its lines appear here in order (consumer-test's
 * QuickstartSourceTest checks it). Exits non-zero if the call does not return 5 or if Dagger is on
 * the class path, which it must not be for a user of the plain API.
 */
public final class Quickstart {
  // README quickstart begins
  interface Calculator {
    int suma(int a, int b);
  }

  public static void main(String[] args) {
    try (RpcServer server =
            RpcServer.http(new TcpTransport(TcpConfig.defaults(), HostResolver.system()), 0)
                .addMethod("suma", Integer.class, Integer.class, (a, b) -> a + b)
                .start();
        Client client = Client.connect("localhost", server.port())) {
      assertEquals(5, client.proxy(Calculator.class).suma(2, 3));
    }
    // README quickstart ends
    assertDaggerAbsent();
    System.out.println("quickstart: suma(2, 3) = 5, without Dagger on the class path");
  }

  private static void assertEquals(int expected, int actual) {
    if (expected != actual) {
      throw new AssertionError("expected " + expected + " but was " + actual);
    }
  }

  private static void assertDaggerAbsent() {
    try {
      Class.forName("dagger.Component");
    } catch (ClassNotFoundException expected) {
      return;
    }
    throw new AssertionError("dagger.Component is on the runtime class path");
  }

  private Quickstart() {}
}
