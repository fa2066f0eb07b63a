package io.capas.cli;

import io.capas.rpc.RpcServer;
import io.capas.socket.UnixSocketOptions;
import io.capas.transport.Endpoint;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.TlsSettings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code capas serve}: serves the {@link ExampleMethods} with introspection and multicall, prints
 * one line with its URL when ready, and runs until interrupted. With {@code --tls-cert FILE
 * --tls-key FILE} (PEM) it serves HTTPS, and with {@code --client-ca FILE} it requires a client
 * certificate signed by one of those CAs (mutual TLS). With {@code --scgi} it speaks SCGI instead
 * of HTTP (URL {@code scgi://host:port}), for a front server's {@code scgi_pass}. With {@code
 * --unix PATH} it serves on a Unix domain socket instead, HTTP or with {@code --scgi} SCGI (URL
 * {@code scgi+unix:///path}) (owner-only unless {@code --unix-mode} says otherwise; a stale socket
 * file is removed only with {@code --remove-stale}).
 */
final class ServeCommand {
  private ServeCommand() {}

  static int run(String[] args, PrintStream out, PrintStream err) {
    String host = "localhost";
    int port = 8000;
    String transport = "tcp";
    boolean inline = false;
    Path tlsCert = null;
    Path tlsKey = null;
    Path clientCa = null;
    boolean scgi = false;
    TcpConfig.Builder tcp = TcpConfig.defaults().toBuilder();
    Path unix = null;
    UnixSocketOptions unixOptions = UnixSocketOptions.defaults();
    boolean hostOrPort = false;
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      if (option.equals("--scgi")) {
        scgi = true;
        continue;
      }
      if (option.equals("--remove-stale")) {
        unixOptions = unixOptions.withRemoveStale(true);
        continue;
      }
      if (i + 1 >= args.length) {
        throw new Main.UsageException(option + " needs a value (or unknown option)");
      }
      String value = args[++i];
      switch (option) {
        case "--host" -> {
          host = value;
          hostOrPort = true;
        }
        case "--port" -> {
          port = port(value);
          hostOrPort = true;
        }
        case "--unix" -> unix = Path.of(value);
        case "--unix-mode" -> {
          try {
            unixOptions = unixOptions.withMode(value);
          } catch (IllegalArgumentException e) {
            throw new Main.UsageException("--unix-mode is like rw-rw----, not " + value);
          }
        }
        case "--transport" -> {
          if (!value.equals("tcp") && !value.equals("udp")) {
            throw new Main.UsageException("--transport is tcp or udp, not " + value);
          }
          transport = value;
        }
        case "--tls-cert" -> tlsCert = Path.of(value);
        case "--tls-key" -> tlsKey = Path.of(value);
        case "--client-ca" -> clientCa = Path.of(value);
        case "--model" -> tcp.model(model(value));
        case "--pool-size" -> tcp.poolSize(count(option, value));
        case "--selector-threads" -> tcp.selectorThreads(count(option, value));
        case "--offload-after-ms" -> tcp.offloadAfter(Duration.ofMillis(count(option, value)));
        case "--handlers" ->
            inline =
                switch (value) {
                  case "inline" -> true;
                  case "offload" -> false;
                  default ->
                      throw new Main.UsageException(
                          "--handlers is offload or inline, not " + value);
                };
        default -> throw new Main.UsageException("unknown option " + option);
      }
    }
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new Main.UsageException("--tls-cert and --tls-key go together");
    }
    if (clientCa != null && tlsCert == null) {
      throw new Main.UsageException("--client-ca needs --tls-cert and --tls-key");
    }
    boolean tls = tlsCert != null && tlsKey != null;
    if (scgi && (tls || transport.equals("udp"))) {
      // SCGI sits behind a front server on the same host: it is plain TCP, as nginx speaks it.
      throw new Main.UsageException("--scgi is plain TCP: no --tls-cert, no --transport udp");
    }
    if (tls) {
      if (transport.equals("udp")) {
        throw new Main.UsageException("TLS is for --transport tcp");
      }
      tcp.tls(
          TlsSettings.of(TlsTrust.serverContext(tlsCert, tlsKey, clientCa))
              .withNeedClientAuth(clientCa != null));
    }
    if (unix != null && (hostOrPort || tls || transport.equals("udp"))) {
      throw new Main.UsageException(
          "--unix serves HTTP (or SCGI with --scgi): no --host, --port, --transport or TLS");
    }
    Endpoint local = unix != null ? Endpoint.unix(unix) : Endpoint.of(host, port);
    TcpConfig config;
    try {
      config = tcp.build();
    } catch (IllegalArgumentException e) {
      throw new Main.UsageException(e.getMessage());
    }
    RpcServer server =
        unix != null && scgi
            ? DaggerXmlRpcScgiUnixComponent.factory()
                .create(config, unixOptions)
                .servers()
                .create(local)
            : unix != null
                ? DaggerXmlRpcHttpUnixComponent.factory()
                    .create(config, unixOptions)
                    .servers()
                    .create(local)
                : transport.equals("udp")
                    ? DaggerXmlRpcUdpComponent.create().servers().create(local)
                    : scgi
                        ? DaggerXmlRpcScgiTcpComponent.factory()
                            .create(config)
                            .servers()
                            .create(local)
                        : DaggerXmlRpcHttpTcpComponent.factory()
                            .create(config)
                            .servers()
                            .create(local);
    ExampleMethods.register(server);
    if (inline) {
      // They compute and return (no I/O, bounded input): fit to run on the I/O threads.
      server.runInline(ExampleMethods.NAMES.toArray(String[]::new));
    }
    try {
      server.start();
    } catch (RuntimeException e) {
      err.println("capas serve: " + Main.oneLine(e));
      return Main.FAILURE;
    }
    Thread hook = new Thread(server::close, "capas-serve-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    // The binding names the scheme it speaks; TLS is the transport's, so the command says so.
    String url = tls ? server.url().replaceFirst("^http://", "https://") : server.url();
    out.println("capas: serving XML-RPC on " + url);
    out.flush();
    try {
      server.serve();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      server.close();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The JVM is exiting; the hook closes the server.
      }
    }
    return Main.OK;
  }

  private static int port(String value) {
    try {
      int port = Integer.parseInt(value);
      if (port < 0 || port > 65535) {
        throw new Main.UsageException("--port out of range: " + value);
      }
      return port;
    } catch (NumberFormatException e) {
      throw new Main.UsageException("--port is a number, not " + value);
    }
  }

  private static int count(String option, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new Main.UsageException(option + " is a number, not " + value);
    }
  }

  private static TcpConfig.Model model(String value) {
    return switch (value) {
      case "sequential" -> TcpConfig.Model.SEQUENTIAL;
      case "threads" -> TcpConfig.Model.THREAD_PER_CONNECTION;
      case "pool" -> TcpConfig.Model.POOL;
      case "multiplex" -> TcpConfig.Model.MULTIPLEX;
      default ->
          throw new Main.UsageException(
              "--model is sequential, threads, pool or multiplex, not " + value);
    };
  }
}
