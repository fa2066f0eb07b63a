package io.capas.hftp;

import io.capas.transport.Endpoint;
import io.capas.transport.Transport;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The {@code hftp} command: {@code ls}, {@code get} and {@code serve}, over the transport it is
 * given (the application chooses it).
 *
 * <pre>
 *   hftp ls HOST[:PORT]
 *   hftp get HOST[:PORT] FILE [--out PATH]      PATH "-" writes the file to standard output
 *   hftp serve [--dir DIR] [--port P] [--host HOST]
 * </pre>
 *
 * <p>The port defaults to {@value HftpServer#DEFAULT_PORT}, the directory to {@code testdata}, the
 * address {@code serve} binds to {@value #DEFAULT_HOST} (loopback: serving other machines is asked
 * for with {@code --host 0.0.0.0} or an interface's address; {@code --bind} is the same option),
 * the output path to FILE's name in the working directory. {@code get} downloads into a temporary
 * file beside PATH and moves it into place only once complete. {@code serve} prints one line,
 * {@code hftp: serving DIR on HOST:PORT}, once it accepts connections, then blocks until its thread
 * is interrupted.
 *
 * <p>Exit codes: 0 success, 1 failure (network, file or server error, described on {@code err}), 2
 * bad usage. Safe for concurrent use.
 */
public final class HftpCommand {

  public static final int EXIT_OK = 0;
  public static final int EXIT_FAILURE = 1;
  public static final int EXIT_USAGE = 2;

  static final String USAGE =
      """
      usage: hftp ls HOST[:PORT]
             hftp get HOST[:PORT] FILE [--out PATH]
             hftp serve [--dir DIR] [--port P] [--host HOST]\
      """;

  /** What {@code serve} binds unless {@code --host} says otherwise: loopback only. */
  static final String DEFAULT_HOST = "127.0.0.1";

  private final Transport transport;

  public HftpCommand(Transport transport) {
    this.transport = transport;
  }

  /** Runs {@code hftp args...}; returns the exit code. */
  public int run(String[] args, PrintStream out, PrintStream err) {
    List<String> words = List.of(args);
    if (words.isEmpty()) {
      return usage(err, "missing subcommand");
    }
    try {
      return switch (words.get(0)) {
        case "ls" -> list(words.subList(1, words.size()), out);
        case "get" -> get(words.subList(1, words.size()), out, err);
        case "serve" -> serve(words.subList(1, words.size()), out);
        case "-h", "--help", "help" -> {
          out.println(USAGE);
          yield EXIT_OK;
        }
        default -> usage(err, "unknown subcommand " + words.get(0));
      };
    } catch (UsageException e) {
      return usage(err, e.getMessage());
    } catch (HftpStatusException e) {
      err.println("hftp: server answered " + e.getMessage());
      return EXIT_FAILURE;
    } catch (IOException e) {
      // NIO messages are often a bare path: the exception's name says what went wrong
      err.println("hftp: " + e.getClass().getSimpleName() + ": " + e.getMessage());
      return EXIT_FAILURE;
    }
  }

  private int list(List<String> args, PrintStream out) throws IOException, UsageException {
    Options options = Options.parse(args, List.of());
    options.expectPositional(1, "ls HOST[:PORT]");
    try (HftpClient client = HftpClient.connect(transport, server(options.positional.get(0)))) {
      for (String name : client.listFiles()) {
        out.println(name);
      }
      client.quit();
    }
    out.flush();
    return EXIT_OK;
  }

  private int get(List<String> args, PrintStream out, PrintStream err)
      throws IOException, UsageException {
    Options options = Options.parse(args, List.of("--out"));
    options.expectPositional(2, "get HOST[:PORT] FILE [--out PATH]");
    String file = options.positional.get(1);
    // by default into the working directory, whatever path-like name the file was asked by
    String target = options.value("--out", Path.of(file).getFileName().toString());
    try (HftpClient client = HftpClient.connect(transport, server(options.positional.get(0)))) {
      if (target.equals("-")) {
        client.get(file, out);
        out.flush();
        if (out.checkError()) {
          throw new IOException("writing to standard output failed");
        }
      } else {
        long size = download(client, file, Path.of(target));
        err.println("hftp: " + file + ": " + size + " bytes -> " + target);
      }
      client.quit();
    }
    return EXIT_OK;
  }

  private static long download(HftpClient client, String file, Path target) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path part = Files.createTempFile(absolute.getParent(), ".hftp-", ".part");
    try {
      long size;
      try (OutputStream sink = new BufferedOutputStream(Files.newOutputStream(part), 1 << 16)) {
        size = client.get(file, sink);
      }
      if (Files.size(part) != size) {
        throw new IOException("wrote " + Files.size(part) + " bytes of " + size);
      }
      Files.move(part, absolute, StandardCopyOption.REPLACE_EXISTING);
      return size;
    } finally {
      Files.deleteIfExists(part);
    }
  }

  private int serve(List<String> args, PrintStream out) throws IOException, UsageException {
    Options options = Options.parse(args, List.of("--dir", "--port", "--host", "--bind"));
    options.expectPositional(0, "serve [--dir DIR] [--port P] [--host HOST]");
    if (options.values.containsKey("--host") && options.values.containsKey("--bind")) {
      throw new UsageException("--host and --bind are the same option: give one");
    }
    Path dir = Path.of(options.value("--dir", "testdata"));
    if (!Files.isDirectory(dir)) {
      throw new UsageException("not a directory: " + dir);
    }
    int port = port(options.value("--port", Integer.toString(HftpServer.DEFAULT_PORT)));
    String host = options.value("--host", options.value("--bind", DEFAULT_HOST));
    Endpoint local = Endpoint.of(host, port);
    try (HftpServer server = HftpServer.start(transport, dir, local)) {
      out.println(
          "hftp: serving "
              + server.directory()
              + " on "
              + server.address().getHostString()
              + ":"
              + server.address().getPort());
      out.flush();
      new CountDownLatch(1).await(); // until interrupted
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return EXIT_OK;
  }

  /** {@code HOST}, {@code HOST:PORT}, {@code [V6]} or {@code [V6]:PORT}. */
  static Endpoint server(String text) throws UsageException {
    try {
      if (text.startsWith("[") && text.endsWith("]")) {
        return Endpoint.of(text.substring(1, text.length() - 1), HftpServer.DEFAULT_PORT);
      }
      int colon = text.lastIndexOf(':');
      if (colon < 0 || (text.indexOf(':') != colon && !text.startsWith("["))) {
        return Endpoint.of(text, HftpServer.DEFAULT_PORT); // a host name or a bare IPv6 address
      }
      Endpoint endpoint = Endpoint.parse(text);
      port(Integer.toString(endpoint.port()));
      return endpoint;
    } catch (IllegalArgumentException e) {
      throw new UsageException("bad server address " + text + ": " + e.getMessage());
    }
  }

  private static int port(String text) throws UsageException {
    try {
      int port = Integer.parseInt(text);
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw new UsageException("bad port: " + text);
  }

  private static int usage(PrintStream err, String problem) {
    err.println("hftp: " + problem);
    err.println(USAGE);
    return EXIT_USAGE;
  }

  /** Positional arguments and {@code --name value} options, each option at most once. */
  private static final class Options {
    final List<String> positional = new ArrayList<>();
    final Map<String, String> values = new HashMap<>();

    static Options parse(List<String> args, List<String> known) throws UsageException {
      Options options = new Options();
      for (int i = 0; i < args.size(); i++) {
        String arg = args.get(i);
        if (arg.startsWith("--")) {
          if (!known.contains(arg)) {
            throw new UsageException("unknown option " + arg);
          }
          if (i + 1 == args.size()) {
            throw new UsageException(arg + " needs a value");
          }
          if (options.values.put(arg, args.get(++i)) != null) {
            throw new UsageException(arg + " given twice");
          }
        } else {
          options.positional.add(arg);
        }
      }
      return options;
    }

    void expectPositional(int count, String form) throws UsageException {
      if (positional.size() != count) {
        throw new UsageException("expected: hftp " + form);
      }
    }

    String value(String option, String otherwise) {
      return values.getOrDefault(option, otherwise);
    }
  }

  private static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }
}
