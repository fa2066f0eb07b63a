package io.capas.examples;

import io.capas.hftp.HftpClient;
import io.capas.hftp.HftpServer;
import io.capas.transport.Endpoint;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The HFTP lab's server and client on capas's {@code hftp} module: the server serves one directory
 * ({@code get_file_listing}, {@code get_metadata}, {@code get_slice}, {@code quit}); the client
 * lists the files with their sizes, or downloads one.
 *
 * <p>Thread-safe (static methods only).
 */
public final class HftpLab {

  private HftpLab() {}

  /** Serves {@code directory} on {@code host:port} until the process is stopped. */
  static void server(Path directory, String host, int port, PrintStream out)
      throws IOException, InterruptedException {
    try (HftpServer server =
        HftpServer.start(Tcp.transport(), directory, Endpoint.of(host, port))) {
      out.println("HFTP serving " + server.directory() + " on " + server.address());
      new CountDownLatch(1).await();
    }
  }

  /**
   * Lists the files of the server at {@code host:port}, one {@code NAME SIZE} line each.
   *
   * @return the names
   */
  public static List<String> list(String host, int port, PrintStream out) throws IOException {
    try (HftpClient client = HftpClient.connect(Tcp.transport(), Endpoint.of(host, port))) {
      List<String> names = client.listFiles();
      for (String name : names) {
        out.println(name + " " + client.metadata(name));
      }
      client.quit();
      return names;
    }
  }

  /**
   * Downloads {@code file} from the server at {@code host:port} to {@code target}.
   *
   * @return the file's size
   */
  public static long get(String host, int port, String file, Path target, PrintStream out)
      throws IOException {
    try (HftpClient client = HftpClient.connect(Tcp.transport(), Endpoint.of(host, port));
        OutputStream sink = Files.newOutputStream(target)) {
      long size = client.get(file, sink);
      client.quit();
      out.println(file + ": " + size + " bytes to " + target);
      return size;
    }
  }
}
