package io.capas.cli;

import io.capas.micrometer.PrometheusRoute;
import io.capas.micrometer.ServerMetrics;
import io.capas.rpc.HttpServerSettings;
import io.capas.rpc.RpcServer;
import io.capas.socket.UnixSocketOptions;
import io.capas.transport.Endpoint;
import io.capas.transport.Transport;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.TlsSettings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code capas serve}: serves the {@link ExampleMethods} with introspection and multicall, prints
 * one line with its URL when ready, and runs until interrupted. {@code --binding} picks XML-RPC
 * over HTTP (the default), over length-prefixed frames, over SCGI or over reliable UDP. With {@code
 * --tls-cert FILE --tls-key FILE} (PEM) it serves HTTPS, and with {@code --client-ca FILE} it
 * requires a client certificate signed by one of those CAs (mutual TLS). With {@code --unix PATH}
 * it serves on a Unix domain socket instead, HTTP or with {@code --binding scgi} SCGI (URL {@code
 * scgi+unix:///path}) (owner-only unless {@code --unix-mode} says otherwise; a stale socket file is
 * removed only with {@code --remove-stale}).
 *
 * <p>On SIGTERM or Ctrl-C it stops accepting, lets the calls in flight finish for up to {@code
 * --drain} (10 s by default), then closes ({@link RpcServer#shutdown}).
 *
 * <p>An option is a field with {@code @Option}, read in {@link #call}: adding one is two lines.
 */
@Command(
    name = "serve",
    description = "Serve the example methods (suma, addtogether, quadratic, echo) over XML-RPC.",
    sortOptions = false,
    footerHeading = "%n",
    footer = {
      "Prints one line, \"capas: serving XML-RPC on URL\", when ready. SIGTERM or Ctrl-C stops"
          + " accepting, lets calls in flight finish for up to --drain, then exits"
          + " (status 143 after SIGTERM, 130 after Ctrl-C, as the JVM reports a signal).",
      "Exit codes: 2 a usage error, or the address could not be bound."
    })
final class ServeCommand implements Callable<Integer> {
  private final Main.Io io;
  private final UnaryOperator<RpcServer> methods;

  ServeCommand(Main.Io io) {
    this(io, ExampleMethods::register);
  }

  /** With other methods than the examples: for tests that need a slow call. */
  ServeCommand(Main.Io io, UnaryOperator<RpcServer> methods) {
    this.io = io;
    this.methods = methods;
  }

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  boolean help;

  @Option(
      names = "--host",
      paramLabel = "HOST",
      description = "Address to bind (default: localhost).")
  @Nullable String host;

  @Option(names = "--port", paramLabel = "PORT", description = "Port (default: 8000; 0 for any).")
  @Nullable Integer port;

  @Option(
      names = "--binding",
      paramLabel = "BINDING",
      description = "http (default), framed, scgi or udp.")
  @Nullable String binding;

  @Option(
      names = "--transport",
      paramLabel = "tcp|udp",
      description = "udp is --binding udp; tcp keeps the binding's own.")
  @Nullable String transport;

  @Option(names = "--scgi", description = "Same as --binding scgi (for a front's scgi_pass).")
  boolean scgi;

  @Option(
      names = "--model",
      paramLabel = "MODEL",
      description = "TCP server model: sequential, threads, pool or multiplex.")
  @Nullable String model;

  @Option(names = "--pool-size", paramLabel = "N", description = "Threads of the pool model.")
  @Nullable Integer poolSize;

  @Option(
      names = "--selector-threads",
      paramLabel = "N",
      description = "Selector threads of the multiplex model.")
  @Nullable Integer selectorThreads;

  @Option(
      names = "--offload-after-ms",
      paramLabel = "MS",
      description = "Multiplex: hand a call to a worker after MS.")
  @Nullable Integer offloadAfterMs;

  @Option(
      names = "--handlers",
      paramLabel = "offload|inline",
      description = "inline runs the example methods on the I/O threads.")
  @Nullable String handlers;

  @Option(names = "--tls-cert", paramLabel = "PEM", description = "Serve HTTPS with this chain.")
  @Nullable Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "PEM", description = "Key of --tls-cert.")
  @Nullable Path tlsKey;

  @Option(
      names = "--client-ca",
      paramLabel = "PEM",
      description = "Require a client certificate signed by these CAs (mutual TLS).")
  @Nullable Path clientCa;

  @Option(names = "--unix", paramLabel = "PATH", description = "Serve HTTP on a Unix socket.")
  @Nullable Path unix;

  @Option(
      names = "--unix-mode",
      paramLabel = "MODE",
      description = "Permissions of the socket file (default: rw-------).")
  @Nullable String unixMode;

  @Option(names = "--remove-stale", description = "Remove a stale socket file at PATH first.")
  boolean removeStale;

  @Option(
      names = "--drain",
      paramLabel = "SECONDS",
      description = "On SIGTERM, how long calls in flight may take to finish (default: 10).")
  double drainSeconds = 10;

  @Option(
      names = "--docs",
      description =
          "Serve the method page: GET on the endpoint lists the methods, a form per method.")
  boolean docs;

  @Option(
      names = "--health",
      arity = "0..1",
      fallbackValue = "/health",
      paramLabel = "PATH",
      description = "Answer GET PATH (default: /health): 200 while serving, 503 once draining.")
  @Nullable String health;

  @Option(
      names = "--drain-delay",
      paramLabel = "SECONDS",
      description = "On SIGTERM, keep serving this long with health at 503 before draining.")
  double drainDelaySeconds;

  @Option(
      names = "--metrics",
      description = "Serve Prometheus metrics (Micrometer) at GET /metrics.")
  boolean metrics;

  /** Runs {@code capas serve ARGS}: the command line's parsing and error handling included. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    String[] all = new String[args.length + 1];
    all[0] = "serve";
    System.arraycopy(args, 0, all, 1, args.length);
    return Main.run(all, out, err);
  }

  @Override
  public Integer call() {
    String kind = binding();
    boolean inline = handlers(handlers);
    TcpConfig.Builder tcp = TcpConfig.defaults().toBuilder();
    if (model != null) {
      tcp.model(model(model));
    }
    if (poolSize != null) {
      tcp.poolSize(poolSize);
    }
    if (selectorThreads != null) {
      tcp.selectorThreads(selectorThreads);
    }
    if (offloadAfterMs != null) {
      tcp.offloadAfter(Duration.ofMillis(offloadAfterMs));
    }
    if (port != null && (port < 0 || port > 65535)) {
      throw new Main.UsageException("--port out of range: " + port);
    }
    if (!(drainSeconds >= 0) || drainSeconds > 86_400) {
      throw new Main.UsageException("--drain must be in [0, 86400] seconds: " + drainSeconds);
    }
    UnixSocketOptions unixOptions = UnixSocketOptions.defaults().withRemoveStale(removeStale);
    if (unixMode != null) {
      try {
        unixOptions = unixOptions.withMode(unixMode);
      } catch (IllegalArgumentException e) {
        throw new Main.UsageException("--unix-mode is like rw-rw----, not " + unixMode);
      }
    }
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new Main.UsageException("--tls-cert and --tls-key go together");
    }
    if (clientCa != null && tlsCert == null) {
      throw new Main.UsageException("--client-ca needs --tls-cert and --tls-key");
    }
    boolean tls = tlsCert != null && tlsKey != null;
    if (tls && !kind.equals("http")) {
      // SCGI sits behind a front server on the same host: it is plain TCP, as nginx speaks it;
      // capas call has no scheme for framed or UDP over TLS.
      throw new Main.UsageException(
          kind.equals("scgi")
              ? "--scgi is plain TCP: no --tls-cert"
              : "TLS is for --binding http, not " + kind);
    }
    if (tls) {
      tcp.tls(
          TlsSettings.of(TlsTrust.serverContext(tlsCert, tlsKey, clientCa))
              .withNeedClientAuth(clientCa != null));
    }
    if (unix != null
        && (host != null || port != null || tls || !(kind.equals("http") || kind.equals("scgi")))) {
      throw new Main.UsageException(
          "--unix serves HTTP or SCGI: no --host, --port, --transport, another --binding or TLS");
    }
    Endpoint local =
        unix != null
            ? Endpoint.unix(unix)
            : Endpoint.of(host == null ? "localhost" : host, port == null ? 8000 : port);
    TcpConfig config;
    try {
      config = tcp.build();
    } catch (IllegalArgumentException e) {
      throw new Main.UsageException(e.getMessage());
    }
    @Nullable HttpServerSettings http = httpSettings(kind);
    @Nullable PrometheusMeterRegistry registry =
        metrics ? new PrometheusMeterRegistry(PrometheusConfig.DEFAULT) : null;
    if (registry != null && http != null) {
      http = PrometheusRoute.addTo(http, registry::scrape);
    }
    RpcServer unserved =
        unix != null && http != null
            ? httpServer(
                DaggerXmlRpcHttpUnixComponent.factory().create(config, unixOptions).transport(),
                local,
                http)
            : unix != null
                ? kind.equals("scgi")
                    ? DaggerXmlRpcScgiUnixComponent.factory()
                        .create(config, unixOptions)
                        .servers()
                        .create(local)
                    : DaggerXmlRpcHttpUnixComponent.factory()
                        .create(config, unixOptions)
                        .servers()
                        .create(local)
                : switch (kind) {
                  case "udp" -> DaggerXmlRpcUdpComponent.create().servers().create(local);
                  case "scgi" ->
                      DaggerXmlRpcScgiTcpComponent.factory().create(config).servers().create(local);
                  case "framed" ->
                      DaggerXmlRpcFramedTcpComponent.factory()
                          .create(config)
                          .servers()
                          .create(local);
                  default ->
                      http != null
                          ? httpServer(
                              DaggerXmlRpcHttpTcpComponent.factory().create(config).transport(),
                              local,
                              http)
                          : DaggerXmlRpcHttpTcpComponent.factory()
                              .create(config)
                              .servers()
                              .create(local);
                };
    RpcServer server = methods.apply(unserved);
    if (registry != null) {
      ServerMetrics.of(registry).bindTo(server);
    }
    if (inline) {
      // They compute and return (no I/O, bounded input): fit to run on the I/O threads.
      server.runInline(ExampleMethods.NAMES.toArray(String[]::new));
    }
    PrintStream out = io.out();
    try {
      server.start();
    } catch (RuntimeException e) {
      io.err().println("capas serve: " + Main.oneLine(e));
      return Main.FAILURE;
    }
    Duration drain = Duration.ofMillis(Math.round(drainSeconds * 1000));
    Thread hook = new Thread(() -> drain(server, drain), "capas-serve-shutdown");
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
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
        server.close(); // interrupted, not signalled: no drain
      } catch (IllegalStateException shuttingDown) {
        // The JVM is exiting: the hook drains and closes the server; leave it to finish.
      }
    }
    return Main.OK;
  }

  /**
   * The HTTP settings {@code --docs}, {@code --health} and {@code --drain-delay} ask for, or null
   * when none is given (the binding's defaults then); {@code --metrics} adds its route later.
   */
  private @Nullable HttpServerSettings httpSettings(String kind) {
    boolean asked = docs || health != null || metrics || drainDelaySeconds != 0;
    if (!asked) {
      return null;
    }
    if (!kind.equals("http")) {
      throw new Main.UsageException(
          "--docs, --health, --drain-delay and --metrics are HTTP's: not with --binding " + kind);
    }
    if (!(drainDelaySeconds >= 0 && drainDelaySeconds <= 3600)) {
      throw new Main.UsageException("--drain-delay is 0 to 3600 seconds, not " + drainDelaySeconds);
    }
    HttpServerSettings settings =
        HttpServerSettings.defaults()
            .withMethodPage(docs)
            .withServerName("capas serve")
            .withDrainDelay(Duration.ofMillis(Math.round(drainDelaySeconds * 1000)));
    try {
      return health == null ? settings : settings.withHealth(health);
    } catch (IllegalArgumentException e) {
      throw new Main.UsageException("--health: " + e.getMessage());
    }
  }

  private static RpcServer httpServer(
      Transport transport, Endpoint local, HttpServerSettings settings) {
    return RpcServer.http(transport, local, settings);
  }

  /** SIGTERM: no new connections, calls in flight get {@code grace}, then everything closes. */
  private static void drain(RpcServer server, Duration grace) {
    try {
      server.shutdown(grace);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.close();
    }
  }

  /** The binding {@code --binding}, {@code --scgi} and {@code --transport} ask for together. */
  private String binding() {
    String kind = binding == null ? "http" : binding.toLowerCase(Locale.ROOT);
    if (!kind.equals("http")
        && !kind.equals("framed")
        && !kind.equals("scgi")
        && !kind.equals("udp")) {
      throw new Main.UsageException("--binding is http, framed, scgi or udp, not " + binding);
    }
    if (transport != null) {
      if (!transport.equals("tcp") && !transport.equals("udp")) {
        throw new Main.UsageException("--transport is tcp or udp, not " + transport);
      }
      if (transport.equals("udp")) {
        if (binding != null && !kind.equals("udp")) {
          throw new Main.UsageException("--transport udp goes with no --binding but udp");
        }
        kind = "udp";
      } else if (kind.equals("udp")) {
        throw new Main.UsageException("--binding udp is not over --transport tcp");
      }
    }
    if (scgi) {
      if (!kind.equals(binding == null ? "http" : "scgi")) {
        throw new Main.UsageException(
            "--scgi is plain TCP: no --transport udp, no --binding " + kind);
      }
      kind = "scgi";
    }
    return kind;
  }

  private static boolean handlers(@Nullable String value) {
    if (value == null) {
      return false;
    }
    return switch (value) {
      case "inline" -> true;
      case "offload" -> false;
      default -> throw new Main.UsageException("--handlers is offload or inline, not " + value);
    };
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
