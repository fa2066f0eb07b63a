package io.capas.examples;

import io.capas.rpc.Client;
import io.capas.rpc.RpcServer;
import io.capas.transport.Endpoint;
import java.io.PrintStream;
import java.util.List;

/**
 * The XML-RPC library's own example: a server on {@code 127.0.0.1:8000} with one method, {@code
 * suma}, and a client that connects and calls {@code suma(2, 3)}, printing {@code 5}.
 *
 * <pre>{@code
 * server = Server(('127.0.0.1', 8000))      conn = Client.connect('127.0.0.1', 8000)
 * server.add_method(suma)                   print(conn.suma(2, 3))   # 5
 * server.serve()
 * }</pre>
 *
 * <p>Thread-safe (static methods only).
 */
public final class Suma {

  /** The port of the library's example. */
  public static final int PORT = 8000;

  /** The client's view of the server: one typed method. */
  public interface Calculator {
    /** Returns {@code a + b}. */
    int suma(int a, int b);
  }

  private Suma() {}

  /** The server with {@code suma} registered, not yet started. */
  public static RpcServer server(String host, int port) {
    return RpcServer.http(Tcp.transport(), Endpoint.of(host, port))
        .addFunction("suma", Integer.class, Integer.class, Integer.class, Integer::sum);
  }

  /** Connects to {@code host:port}, calls {@code suma(2, 3)} and prints the answer. */
  public static int client(String host, int port, PrintStream out) {
    try (Client conn = Client.connect(host, port)) {
      int sum = conn.proxy(Calculator.class).suma(2, 3);
      out.println(sum);
      return sum;
    }
  }

  static void serve(List<String> args, PrintStream out) throws InterruptedException {
    try (RpcServer server =
        server(Examples.arg(args, 0, "127.0.0.1"), Examples.port(args, 1, PORT)).start()) {
      out.println("suma server at " + server.url());
      server.serve();
    }
  }
}
