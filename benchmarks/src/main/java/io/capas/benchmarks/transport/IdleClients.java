package io.capas.benchmarks.transport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The client side of {@link IdleConnections}, in its own JVM: opens N plain sockets to the server,
 * says {@code ready}, then on {@code ping} sends one byte on each and reads the echo, and on {@code
 * exit} (or the end of its input) closes them all.
 */
public final class IdleClients {

  private IdleClients() {}

  public static void main(String[] args) throws IOException {
    int port = Integer.parseInt(args[0]);
    int count = Integer.parseInt(args[1]);
    InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    List<Socket> sockets = new ArrayList<>(count);
    try {
      for (int i = 0; i < count; i++) {
        Socket socket = new Socket(loopback, port);
        socket.setSoTimeout(60_000);
        sockets.add(socket);
        if ((i + 1) % 2_000 == 0) {
          System.out.println("opened " + (i + 1));
        }
      }
      System.out.println("ready " + sockets.size());
      BufferedReader commands =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line; (line = commands.readLine()) != null && !line.equals("exit"); ) {
        if (line.equals("ping")) {
          long start = System.nanoTime();
          int answered = 0;
          for (Socket socket : sockets) {
            socket.getOutputStream().write(7);
            if (socket.getInputStream().read() == 7) {
              answered++;
            }
          }
          System.out.println(
              "pinged "
                  + answered
                  + " in "
                  + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)
                  + " ms");
        }
      }
    } finally {
      for (Socket socket : sockets) {
        socket.close();
      }
    }
  }
}
