package io.capas.rpc.servlet;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The test's peers: a raw HTTP/1.1 client on a socket, and python3 run as a child process. */
final class Peers {
  private Peers() {}

  /** One response, read to the end of the connection. */
  record Response(String head, String body) {
    int status() {
      return Integer.parseInt(head.substring(9, 12));
    }

    String header(String name) {
      for (String line : head.split("\r\n", -1)) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
          return line.substring(colon + 1).trim();
        }
      }
      return "";
    }
  }

  /**
   * Sends {@code head} (CRLF line ends, {@code Connection: close} added) and {@code body} to
   * 127.0.0.1:{@code port}, then reads the response until the server closes (10 s at most per read,
   * 1 MiB at most).
   */
  static Response exchange(int port, String head, byte[] body) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write((head + "Connection: close\r\n\r\n").getBytes(ISO_8859_1));
      try {
        out.write(body);
        out.flush();
      } catch (IOException e) {
        // the server answered and closed before taking the whole body: read its answer
      }
      InputStream in = socket.getInputStream();
      String answerHead = readHead(in);
      String length = new Response(answerHead, "").header("Content-Length");
      // By its length, not to the end of the stream: a server may still be draining the request.
      byte[] answer = length.isEmpty() ? in.readNBytes(1 << 20) : in.readNBytes(parse(length));
      return new Response(answerHead, new String(answer, UTF_8));
    }
  }

  private static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    for (int i = 0; i < 64 * 1024; i++) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("end of stream inside a response head: " + head);
      }
      head.append((char) b);
      int n = head.length();
      if (n >= 4 && head.substring(n - 4).equals("\r\n\r\n")) {
        return head.substring(0, n - 4);
      }
    }
    throw new IOException("response head longer than 64 KiB");
  }

  private static int parse(String length) throws IOException {
    try {
      return Math.min(Integer.parseInt(length), 1 << 20);
    } catch (NumberFormatException e) {
      throw new IOException("bad Content-Length: " + length, e);
    }
  }

  /** A request head without its final empty line: the request line, Host, then {@code headers}. */
  static String head(String requestLine, String... headers) {
    StringBuilder b = new StringBuilder(requestLine).append("\r\nHost: t\r\n");
    for (String header : headers) {
      b.append(header).append("\r\n");
    }
    return b.toString();
  }

  /** The result of a python3 run. */
  record Run(int exit, String stdout, String stderr) {}

  /**
   * Runs {@code python3 script url} from the test resources and waits at most {@code timeout}; the
   * process is stopped by its pid if it has not ended by then.
   */
  static Run python(String script, String url, Duration timeout) throws Exception {
    Path file = Files.createTempFile("capas-embedded", ".py");
    Path out = Files.createTempFile("capas-embedded", ".out");
    Path err = Files.createTempFile("capas-embedded", ".err");
    try (InputStream in = Peers.class.getResourceAsStream("/interop/" + script)) {
      if (in == null) {
        throw new IOException("missing test resource " + script);
      }
      Files.write(file, in.readAllBytes());
    }
    Process process =
        new ProcessBuilder(List.of("python3", file.toString(), url))
            .redirectInput(new File("/dev/null"))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IOException("python3 " + script + " did not end within " + timeout);
      }
      return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroyForcibly);
      process.waitFor(10, TimeUnit.SECONDS);
      Files.deleteIfExists(file);
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
