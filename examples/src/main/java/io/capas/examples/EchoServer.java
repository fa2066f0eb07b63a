package io.capas.examples;

import static java.lang.System.Logger.Level.DEBUG;
import static java.nio.charset.StandardCharsets.UTF_8;

import io.capas.socket.TcpClient;
import io.capas.socket.TcpMaster;
import io.capas.socket.TcpServer;
import io.capas.socket.Threads;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An echo server written with the socket primitives: a master bound and listening, an accept loop,
 * and a handler per client started with {@link Threads#start} that sends every line back. It
 * mirrors this Lua program, step for step:
 *
 * <pre>{@code
 * server = socket.tcp(); server:bind("*", port); server:listen(32)
 * while true do
 *   client = server:accept()
 *   thread.new(function()
 *     repeat line = client:receive("*l"); client:send(line .. "\n") until not line
 *   end)
 * end
 * }</pre>
 *
 * <p>Safe for concurrent use; {@link #close()} stops accepting and closes every client.
 */
public final class EchoServer implements AutoCloseable {

  private static final System.Logger LOGGER = System.getLogger(EchoServer.class.getName());

  /** The longest line echoed; a longer one ends that client's connection. */
  public static final int MAX_LINE = 64 * 1024;

  private final TcpServer server;
  private final Thread acceptor;
  private final Set<TcpClient> clients = ConcurrentHashMap.newKeySet();

  private EchoServer(TcpServer server) {
    this.server = server;
    this.acceptor = Threads.start("echo-accept-" + server.port(), this::acceptLoop);
  }

  /** Listens on {@code host} ({@code "*"}: every interface) and {@code port} (0: a free one). */
  public static EchoServer start(String host, int port) throws IOException {
    return new EchoServer(TcpMaster.create().bind(host, port).listen(32));
  }

  public InetSocketAddress address() {
    return server.localAddress();
  }

  public int port() {
    return server.port();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      TcpClient client;
      try {
        client = server.accept();
      } catch (IOException e) {
        LOGGER.log(DEBUG, () -> "accept ended: " + e);
        continue;
      }
      clients.add(client);
      Threads.start(() -> serve(client));
    }
  }

  private void serve(TcpClient client) {
    try (client) {
      for (String line; (line = client.receiveLine(MAX_LINE)) != null; ) {
        client.sendAll((line + "\n").getBytes(UTF_8));
      }
    } catch (IOException e) {
      LOGGER.log(DEBUG, () -> "client " + client + " ended: " + e);
    } finally {
      clients.remove(client);
    }
  }

  @Override
  public void close() {
    server.close();
    clients.forEach(TcpClient::close);
    try {
      acceptor.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** {@code EchoServer [port]} (default 7777): serves until the process is stopped. */
  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 7777;
    EchoServer server = start("*", port);
    PrintStream out = System.out;
    out.println("echo server listening on " + server.address());
    server.acceptor.join();
  }
}
