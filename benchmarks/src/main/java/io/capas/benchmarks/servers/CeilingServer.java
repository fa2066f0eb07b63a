package io.capas.benchmarks.servers;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The ceiling of the server benchmarks: a minimal HTTP/1.1 server that answers every request with a
 * canned XML-RPC response, parsing nothing but the head's end and Content-Length. No real server
 * can beat it, so every figure is given as a ratio to it.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar io.capas.benchmarks.servers.CeilingServer \
 *     PORT RESPONSE_BODY_FILE
 * }</pre>
 *
 * <p>One virtual thread per connection; keep-alive unless the request says {@code Connection:
 * close}. Prints {@code ready PORT} when listening.
 */
public final class CeilingServer {

  private CeilingServer() {}

  public static void main(String[] args) throws IOException {
    int port = Integer.parseInt(args[0]);
    byte[] body = Files.readAllBytes(Path.of(args[1]));
    byte[] keepAlive = response(body, false);
    byte[] close = response(body, true);
    try (ServerSocket listener = new ServerSocket(port, 1024, InetAddress.getLoopbackAddress())) {
      System.out.println("ready " + listener.getLocalPort());
      while (true) {
        Socket socket = listener.accept();
        Thread.ofVirtual().start(() -> serve(socket, keepAlive, close));
      }
    }
  }

  private static byte[] response(byte[] body, boolean close) {
    String head =
        "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: "
            + body.length
            + (close ? "\r\nConnection: close" : "")
            + "\r\n\r\n";
    byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[headBytes.length + body.length];
    System.arraycopy(headBytes, 0, all, 0, headBytes.length);
    System.arraycopy(body, 0, all, headBytes.length, body.length);
    return all;
  }

  private static void serve(Socket socket, byte[] keepAlive, byte[] close) {
    try (socket) {
      socket.setTcpNoDelay(true);
      InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
      OutputStream out = socket.getOutputStream();
      byte[] line = new byte[8 * 1024];
      while (true) {
        long contentLength = 0;
        boolean closeAfter = false;
        int length;
        boolean first = true;
        while ((length = readLine(in, line)) > 0) {
          if (first) {
            first = false;
            continue;
          }
          String header = new String(line, 0, length, StandardCharsets.ISO_8859_1);
          int colon = header.indexOf(':');
          if (colon < 0) {
            continue;
          }
          String name = header.substring(0, colon).trim();
          String value = header.substring(colon + 1).trim();
          if (name.equalsIgnoreCase("Content-Length")) {
            contentLength = Long.parseLong(value);
          } else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) {
            closeAfter = true;
          }
        }
        if (length < 0) {
          return;
        }
        in.skipNBytes(contentLength);
        out.write(closeAfter ? close : keepAlive);
        if (closeAfter) {
          return;
        }
      }
    } catch (IOException | RuntimeException e) {
      // the peer went away: the connection's end is the whole story for a benchmark server
    }
  }

  /** Reads one CRLF line into {@code line}; returns its length, or -1 at end of stream. */
  private static int readLine(InputStream in, byte[] line) throws IOException {
    int n = 0;
    for (int b; (b = in.read()) >= 0; ) {
      if (b == '\n') {
        return n > 0 && line[n - 1] == '\r' ? n - 1 : n;
      }
      if (n < line.length) {
        line[n++] = (byte) b;
      }
    }
    return -1;
  }
}
