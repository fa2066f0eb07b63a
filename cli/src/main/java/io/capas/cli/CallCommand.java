package io.capas.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.capas.rpc.Client;
import io.capas.rpc.ClientOptions;
import io.capas.rpc.ClientSchemes;
import io.capas.rpc.MessageClientSettings;
import io.capas.rpc.RpcException;
import io.capas.rpc.RpcFault;
import io.capas.rpc.Tracer;
import io.capas.transport.HostResolver;
import io.capas.transport.udp.ReliableUdpConfig;
import io.capas.transport.udp.ReliableUdpTransport;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * {@code capas call [--timeout SECONDS] [--trace] [--cacert PEM] [--insecure] [--cert PEM --key
 * PEM] URL METHOD [ARG...]}: one call, its result as JSON on stdout (exit 0), a fault's code and
 * string on stderr (exit 1), any other failure as one line on stderr (exit 2). The timeout bounds
 * the whole call. {@code https://} URLs trust the JDK's trust store and verify the host name;
 * {@code --cacert} adds the CAs of a PEM file, {@code --insecure} checks nothing (and says so on
 * stderr); {@code --cert} and {@code --key} present a client certificate (mutual TLS). The URL's
 * scheme picks the binding through {@link #SCHEMES} ({@code --help} lists them); {@code http(s)://}
 * URLs go through the proxy that {@code http_proxy}, {@code https_proxy} and {@code no_proxy} name
 * ({@link ProxyEnvironment}).
 */
final class CallCommand {
  private CallCommand() {}

  static int run(String[] args, PrintStream out, PrintStream err) {
    Duration timeout = Duration.ofSeconds(30);
    boolean trace = false;
    Path cacert = null;
    Path cert = null;
    Path key = null;
    boolean insecure = false;
    int i = 0;
    for (; i < args.length && args[i].startsWith("--"); i++) {
      switch (args[i]) {
        case "--help", "-h" -> {
          out.println(help());
          return Main.OK;
        }
        case "--trace" -> trace = true;
        case "--insecure" -> insecure = true;
        case "--cacert", "--cert", "--key" -> {
          if (i + 1 >= args.length) {
            throw new Main.UsageException(args[i] + " needs a PEM file");
          }
          Path file = Path.of(args[i + 1]);
          switch (args[i]) {
            case "--cacert" -> cacert = file;
            case "--cert" -> cert = file;
            default -> key = file;
          }
          i++;
        }
        case "--timeout" -> {
          if (i + 1 >= args.length) {
            throw new Main.UsageException("--timeout needs a number of seconds");
          }
          timeout = seconds(args[++i]);
        }
        default -> throw new Main.UsageException("unknown option " + args[i]);
      }
    }
    if (args.length - i < 2) {
      throw new Main.UsageException("expected URL METHOD [ARG...]\n" + Main.USAGE);
    }
    String url = args[i];
    String method = args[i + 1];
    List<@Nullable Object> params = new ArrayList<>();
    for (int a = i + 2; a < args.length; a++) {
      try {
        params.add(Json.parse(args[a]));
      } catch (IllegalArgumentException e) {
        throw new Main.UsageException(
            "argument "
                + (a - i - 1)
                + " is not a JSON literal ("
                + e.getMessage()
                + "): "
                + args[a]);
      }
    }
    if (insecure) {
      err.println(
          "capas call: WARNING: --insecure: the server's certificate and name are NOT checked");
    }
    SSLContext tls =
        url.regionMatches(true, 0, "https:", 0, 6)
            ? TlsTrust.context(cacert, insecure, cert, key)
            : null;
    try (Client client = client(url, timeout, trace ? tracer(err) : null, tls, System.getenv())) {
      Object result = client.call(method, params.toArray());
      out.println(Json.write(result));
      return Main.OK;
    } catch (RpcFault fault) {
      err.println("fault " + fault.code() + ": " + Main.printable(fault.faultString()));
      return Main.FAULT;
    } catch (RpcException e) {
      err.println("capas call: " + Main.oneLine(e));
      return Main.FAILURE;
    }
  }

  private static Duration seconds(String text) {
    try {
      double seconds = Double.parseDouble(text);
      if (!(seconds > 0) || seconds > 86_400) {
        throw new Main.UsageException("--timeout must be in (0, 86400] seconds: " + text);
      }
      return Duration.ofNanos((long) (seconds * 1e9));
    } catch (NumberFormatException e) {
      throw new Main.UsageException("--timeout is a number of seconds, not " + text);
    }
  }

  /**
   * Every scheme {@code capas call} takes: rpc-runtime's own, and reliable UDP, whose transport the
   * command has.
   */
  static final ClientSchemes SCHEMES =
      ClientSchemes.defaults()
          .with(
              new ClientSchemes.Entry(
                  "udp",
                  "udp://HOST:PORT",
                  "XML-RPC over reliable UDP",
                  (uri, options) ->
                      MessageClientSettings.builder()
                          .transport(
                              new ReliableUdpTransport(
                                  ReliableUdpConfig.defaults(), HostResolver.system()))
                          .endpoint(ClientSchemes.hostAndPort(uri))
                          .timeout(options.timeout())
                          .build()
                          .client()));

  /** The usage of {@code capas call}, with one line per URL scheme. */
  static String help() {
    StringBuilder text =
        new StringBuilder(
            "usage: capas call [--timeout SECONDS] [--trace] [--cacert PEM] [--insecure]"
                + " [--cert PEM --key PEM] URL METHOD [ARG...]\n"
                + "each ARG is one JSON literal; http_proxy, https_proxy and no_proxy are honoured"
                + " for http(s) URLs.\nURL schemes:\n");
    for (ClientSchemes.Entry entry : SCHEMES.entries()) {
      text.append(String.format(Locale.ROOT, "  %-36s %s%n", entry.form(), entry.description()));
    }
    return text.toString().stripTrailing();
  }

  static Client client(
      String url,
      Duration timeout,
      @Nullable Tracer tracer,
      @Nullable SSLContext tls,
      Map<String, String> env) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new Main.UsageException("bad URL " + url);
    }
    ClientOptions options =
        ClientOptions.defaults()
            .withTimeout(timeout)
            .withTracer(tracer)
            .withTls(tls)
            .withProxy(ProxyEnvironment.proxyFor(uri, env))
            .withMaxIdleConnections(0);
    try {
      return SCHEMES.client(url, options);
    } catch (IllegalArgumentException e) {
      throw new Main.UsageException(e.getMessage());
    }
  }

  /**
   * A traced exchange as it is, line breaks and tabs included, but with every other terminal
   * control (a server's bytes could move the cursor or recolour the terminal) escaped.
   */
  static String traced(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != '\n' && c != '\r' && c != '\t' && Main.unsafeOnTerminal(c)) {
        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static Tracer tracer(PrintStream err) {
    return new Tracer() {
      @Override
      public void sent(byte[] data, int offset, int length) {
        err.println(traced(new String(data, offset, length, UTF_8)));
        err.println();
      }

      @Override
      public void received(byte[] data, int offset, int length) {
        err.println(traced(new String(data, offset, length, UTF_8)));
        err.println();
      }
    };
  }
}
