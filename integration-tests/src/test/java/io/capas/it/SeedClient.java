package io.capas.it;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.capas.examples.UppercaseUdpServer;
import io.capas.socket.TcpClient;
import io.capas.socket.TcpMaster;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * A client of the plain socket services of {@code examples} (echo, uppercase), run inside a
 * container by {@link SeedServicesIT}.
 *
 * <pre>{@code
 * SeedClient uppercase-tcp HOST PORT TEXT...   prints each answer on its own line
 * SeedClient uppercase-udp HOST PORT TEXT...   (plain UDP: up to 3 tries of 2 s each)
 * }</pre>
 */
public final class SeedClient {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private SeedClient() {}

  public static void main(String[] args) throws IOException {
    String host = args[1];
    int port = Integer.parseInt(args[2]);
    switch (args[0]) {
      case "uppercase-tcp" -> {
        try (TcpClient client = TcpMaster.create().timeout(TIMEOUT).connect(host, port)) {
          for (int i = 3; i < args.length; i++) {
            client.sendAll((args[i] + "\n").getBytes(UTF_8));
            System.out.println(client.receiveLine(64 * 1024));
          }
        }
      }
      case "uppercase-udp" -> {
        InetSocketAddress server = new InetSocketAddress(host, port);
        for (int i = 3; i < args.length; i++) {
          System.out.println(udpCall(server, args[i]));
        }
      }
      default -> throw new IllegalArgumentException("unknown command " + args[0]);
    }
  }

  private static String udpCall(InetSocketAddress server, String text) throws IOException {
    SocketTimeoutException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        return UppercaseUdpServer.call(server, text, Duration.ofSeconds(2));
      } catch (SocketTimeoutException e) {
        last = e;
      }
    }
    throw last;
  }
}
