package io.capas.examples;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.capas.transport.Endpoint;
import io.capas.transport.tcp.TcpConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Every example program by name, as {@code capas example NAME [ARG...]} or {@code java -cp ...
 * io.capas.examples.Examples NAME [ARG...]} runs it. Servers listen on {@code 127.0.0.1} unless
 * given a host and run until the process is stopped; clients default to {@code 127.0.0.1} and the
 * matching server's port.
 *
 * <p>Exit codes: 0 done; 1 the program ran and reports a failure (no answer, a lookup that failed);
 * 2 a usage error or an exception, printed as one line. Thread-safe (static methods only).
 */
public final class Examples {

  /** A program's body: its arguments, standard input and output; returns the exit code. */
  @FunctionalInterface
  public interface Program {
    int run(List<String> args, BufferedReader in, PrintStream out) throws Exception;
  }

  /** One runnable example: its name, arguments, what it shows, and its body. */
  public record Example(String name, String arguments, String summary, Program program) {}

  static final String LOCAL = "127.0.0.1";

  private static final Map<String, Example> EXAMPLES = new LinkedHashMap<>();

  static {
    add(
        "suma-server",
        "[HOST [PORT]]",
        "XML-RPC library example: suma on 127.0.0.1:8000",
        (args, in, out) -> {
          Suma.serve(args, out);
          return 0;
        });
    add(
        "suma-client",
        "[HOST [PORT]]",
        "Client.connect, then conn.suma(2, 3) -> 5",
        (args, in, out) -> {
          Suma.client(arg(args, 0, LOCAL), port(args, 1, Suma.PORT), out);
          return 0;
        });
    add(
        "echo-server",
        "[HOST [PORT]]",
        "the report's socket echo server (port 7777)",
        (args, in, out) -> {
          try (EchoServer server = EchoServer.start(arg(args, 0, LOCAL), port(args, 1, 7777))) {
            out.println("echo server listening on " + server.address());
            new CountDownLatch(1).await();
          }
          return 0;
        });
    add(
        "echo-client",
        "[HOST [PORT]]",
        "sends typed lines to the echo server until 'exit'",
        (args, in, out) -> {
          EchoClient.run(arg(args, 0, LOCAL), port(args, 1, 7777), in, out);
          return 0;
        });
    add(
        "is-even-server",
        "[HOST [PORT]]",
        "the report's RPC server: is_even(n) -> Par | Impar",
        (args, in, out) -> {
          IsEven.serve(args, out);
          return 0;
        });
    add(
        "is-even-client",
        "[HOST [PORT]]",
        "asks for positive numbers, prints '2 es Par'",
        (args, in, out) -> {
          IsEven.client(arg(args, 0, LOCAL), port(args, 1, IsEven.PORT), in, out);
          return 0;
        });
    add(
        "udp-uppercase-server",
        "[HOST [PORT]]",
        "UDP server answering each datagram in upper case",
        (args, in, out) -> {
          try (UppercaseUdpServer server =
              UppercaseUdpServer.start(arg(args, 0, LOCAL), port(args, 1, 7779))) {
            out.println("uppercase udp server listening on " + server.address());
            new CountDownLatch(1).await();
          }
          return 0;
        });
    add(
        "udp-uppercase-client",
        "[HOST [PORT [TEXT...]]]",
        "one datagram per TEXT, prints replies",
        (args, in, out) -> {
          InetSocketAddress server =
              new InetSocketAddress(arg(args, 0, LOCAL), port(args, 1, 7779));
          for (String text : rest(args, 2, "hola, servidor")) {
            out.println(UppercaseUdpServer.call(server, text, UdpRetryClient.GIVE_UP_PAST));
          }
          return 0;
        });
    add(
        "udp-retry-client",
        "[HOST [PORT [TEXT]]]",
        "UDP client doubling its wait from 0.1 s; past 2 s: 'server seems down'",
        (args, in, out) -> {
          InetSocketAddress server =
              new InetSocketAddress(arg(args, 0, LOCAL), port(args, 1, 7779));
          try {
            out.println(
                "The server says " + UdpRetryClient.request(server, arg(args, 2, "hola"), out));
            return 0;
          } catch (UdpRetryClient.ServerDownException e) {
            out.println(UdpRetryClient.SERVER_DOWN);
            return 1;
          }
        });
    add(
        "broadcast-server",
        "[HOST [PORT]]",
        "prints every datagram; HOST 127.255.255.255 (default) hears loopback broadcasts only",
        (args, in, out) -> {
          Broadcast.serve(
              arg(args, 0, Broadcast.LOOPBACK_BROADCAST), port(args, 1, Broadcast.PORT), out);
          return 0;
        });
    add(
        "broadcast-client",
        "[ADDRESS [PORT [TEXT]]]",
        "sends one broadcast datagram (default 127.255.255.255)",
        (args, in, out) -> {
          Broadcast.send(
              arg(args, 0, Broadcast.LOOPBACK_BROADCAST),
              port(args, 1, Broadcast.PORT),
              arg(args, 2, "Broadcast message!"));
          return 0;
        });
    add(
        "tcp-uppercase-server",
        "[MODEL [HOST [PORT]]]",
        "TCP uppercase under a server model: sequential | threads | pool | multiplex",
        (args, in, out) -> {
          TcpConfig.Model model = model(arg(args, 0, "threads"));
          var server =
              UppercaseServer.serve(
                  Tcp.transport(TcpConfig.builder().model(model).build()),
                  Endpoint.of(arg(args, 1, LOCAL), port(args, 2, 7778)));
          out.println("uppercase server listening on " + server.address() + " (" + model + ")");
          new CountDownLatch(1).await();
          return 0;
        });
    add(
        "tcp-uppercase-client",
        "[HOST [PORT [LINE...]]]",
        "sends lines with a send loop",
        (args, in, out) -> {
          UppercaseClient.run(
              Tcp.transport(),
              Endpoint.of(arg(args, 0, LOCAL), port(args, 1, 7778)),
              rest(args, 2, "hola", "capas"),
              out);
          return 0;
        });
    add(
        "recvall-server",
        "[HOST [PORT]]",
        "reads exactly 16 bytes with recvall, answers 16",
        (args, in, out) -> {
          RecvAll.server(arg(args, 0, LOCAL), port(args, 1, RecvAll.PORT), out);
          return 0;
        });
    add(
        "recvall-client",
        "[HOST [PORT]]",
        "sends 'Hi there, server', recvalls the answer",
        (args, in, out) -> {
          RecvAll.client(arg(args, 0, LOCAL), port(args, 1, RecvAll.PORT), out);
          return 0;
        });
    add(
        "blocks-server",
        "[HOST [PORT]]",
        "get_block: prints each length-prefixed block",
        (args, in, out) -> {
          Blocks.server(arg(args, 0, LOCAL), port(args, 1, Blocks.PORT), out);
          return 0;
        });
    add(
        "blocks-client",
        "[HOST [PORT]]",
        "put_block: three blocks, then the empty one",
        (args, in, out) -> {
          Blocks.client(arg(args, 0, LOCAL), port(args, 1, Blocks.PORT), Blocks.MESSAGES);
          return 0;
        });
    add(
        "dns",
        "[NAME [ADDRESS]]",
        "gethostname, getfqdn, gethostbyname, gethostbyaddr, getaddrinfo, unknown host",
        (args, in, out) ->
            DnsLookups.run(arg(args, 0, "localhost"), arg(args, 1, LOCAL), out) ? 0 : 1);
    add(
        "byte-order",
        "[N]",
        "pack('!i', 1234), pack('<i', 1234), unpack",
        (args, in, out) -> {
          NetworkByteOrder.run(Integer.parseInt(arg(args, 0, "1234")), out);
          return 0;
        });
    add(
        "zlib",
        "",
        "zlib compress, decompress, and unused_data after a stream",
        (args, in, out) -> {
          Zlib.run(out);
          return 0;
        });
    add(
        "xmlrpc-server",
        "[HOST [PORT]]",
        "addtogether, quadratic, remote_repr, introspection, multicall (port 7001)",
        (args, in, out) -> {
          CourseXmlRpc.serve(args, out);
          return 0;
        });
    add(
        "xmlrpc-client",
        "[HOST [PORT]]",
        "the course's calls, introspection, then a multicall",
        (args, in, out) -> {
          CourseXmlRpc.client(arg(args, 0, LOCAL), port(args, 1, CourseXmlRpc.PORT), out);
          return 0;
        });
    add(
        "chat-server",
        "[HOST [PORT]]",
        "threaded JSON chat server, 60-byte padded chunks",
        (args, in, out) -> {
          JsonChat.serve(arg(args, 0, LOCAL), port(args, 1, JsonChat.PORT), out);
          return 0;
        });
    add(
        "chat-client",
        "[HOST [PORT]]",
        "sends each typed line as a JSON message until 'exit'",
        (args, in, out) -> {
          List<String> lines = new ArrayList<>();
          for (String line;
              lines.size() < JsonChat.MAX_MESSAGES && (line = in.readLine()) != null; ) {
            if (line.equals("exit")) {
              break;
            }
            lines.add(line);
          }
          JsonChat.client(arg(args, 0, LOCAL), port(args, 1, JsonChat.PORT), lines, out);
          return 0;
        });
    add(
        "hftp-server",
        "[DIR [HOST [PORT]]]",
        "the HFTP lab's server (port 19500)",
        (args, in, out) -> {
          HftpLab.server(
              Path.of(arg(args, 0, ".")), arg(args, 1, LOCAL), port(args, 2, 19500), out);
          return 0;
        });
    add(
        "hftp-client",
        "[HOST [PORT [FILE [TARGET]]]]",
        "the HFTP lab's client: lists files and sizes, or downloads FILE",
        (args, in, out) -> {
          String host = arg(args, 0, LOCAL);
          int port = port(args, 1, 19500);
          if (args.size() > 2) {
            HftpLab.get(host, port, args.get(2), Path.of(arg(args, 3, args.get(2))), out);
          } else {
            HftpLab.list(host, port, out);
          }
          return 0;
        });
  }

  private Examples() {}

  private static void add(String name, String arguments, String summary, Program program) {
    EXAMPLES.put(name, new Example(name, arguments, summary, program));
  }

  /** Every example, in the order of {@code examples/README.md}. */
  public static List<Example> all() {
    return List.copyOf(EXAMPLES.values());
  }

  /** The usage lines: one per example. */
  public static String usage() {
    StringBuilder out = new StringBuilder("examples (NAME ARGS: what it shows):\n");
    for (Example e : EXAMPLES.values()) {
      out.append("  ")
          .append(e.name())
          .append(e.arguments().isEmpty() ? "" : " " + e.arguments())
          .append(": ")
          .append(e.summary())
          .append('\n');
    }
    return out.toString();
  }

  /**
   * Runs the example {@code name} with {@code args}; an unknown name prints the usage on {@code
   * err}.
   *
   * @return the exit code
   */
  public static int run(
      String name, List<String> args, BufferedReader in, PrintStream out, PrintStream err) {
    Example example = EXAMPLES.get(name);
    if (example == null) {
      err.println("unknown example " + name);
      err.print(usage());
      return 2;
    }
    try {
      return example.program().run(List.copyOf(args), in, out);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    } catch (Exception e) {
      err.println(name + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
      return 2;
    }
  }

  static String arg(List<String> args, int index, String fallback) {
    return args.size() > index ? args.get(index) : fallback;
  }

  static int port(List<String> args, int index, int fallback) {
    if (args.size() <= index) {
      return fallback;
    }
    int port;
    try {
      port = Integer.parseInt(args.get(index));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a port: " + args.get(index), e);
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    return port;
  }

  static List<String> rest(List<String> args, int from, String... fallback) {
    return args.size() > from ? args.subList(from, args.size()) : Arrays.asList(fallback);
  }

  static TcpConfig.Model model(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "sequential" -> TcpConfig.Model.SEQUENTIAL;
      case "threads", "thread_per_connection" -> TcpConfig.Model.THREAD_PER_CONNECTION;
      case "pool" -> TcpConfig.Model.POOL;
      case "multiplex" -> TcpConfig.Model.MULTIPLEX;
      default ->
          throw new IllegalArgumentException(
              "unknown server model " + name + " (sequential, threads, pool, multiplex)");
    };
  }

  /** {@code Examples NAME [ARG...]}; no name lists the examples. */
  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, UTF_8);
    if (args.length == 0) {
      out.print(usage());
      System.exit(0);
    }
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, UTF_8));
    System.exit(run(args[0], Arrays.asList(args).subList(1, args.length), in, out, System.err));
  }
}
