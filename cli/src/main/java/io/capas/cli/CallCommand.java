package io.capas.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.capas.rpc.Client;
import io.capas.rpc.FramedClientSettings;
import io.capas.rpc.HttpClientSettings;
import io.capas.rpc.MessageClientSettings;
import io.capas.rpc.RpcException;
import io.capas.rpc.RpcFault;
import io.capas.rpc.Tracer;
import io.capas.transport.Endpoint;
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
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * {@code capas call [--timeout SECONDS] [--trace] [--cacert PEM] [--insecure] [--cert PEM --key
 * PEM] URL METHOD [ARG...]}: one call, its result as JSON on stdout (exit 0), a fault's code and
 * string on stderr (exit 1), any other failure as one line on stderr (exit 2). The timeout bounds
 * the whole call. {@code https://} URLs trust the JDK's trust store and verify the host name;
 * {@code --cacert} adds the CAs of a PEM file, {@code --insecure} checks nothing (and says so on
 * stderr); {@code --cert} and {@code --key} present a client certificate (mutual TLS).
 */
final class CallCommand {
  private CallCommand() {}

  /** What {@code capas call --help} prints: the options and every URL scheme. */
  static final String HELP =
      """
      usage: capas call [--timeout SECONDS] [--trace] [--cacert PEM] [--insecure] \
      [--cert PEM --key PEM] URL METHOD [ARG...]
      URL schemes:
        http://HOST[:PORT]/PATH             XML-RPC over HTTP (port 80)
        https://HOST[:PORT]/PATH            over TLS (port 443; --cacert, --insecure, --cert/--key)
        unix:///PATH/TO.sock                over HTTP on a Unix socket, path /RPC2 (supervisorctl's form)
        http+unix://%2FPATH%2FTO.sock/PATH  over HTTP on a Unix socket, the socket percent-encoded
        framed://HOST:PORT                  XML-RPC in length-prefixed frames over TCP
        udp://HOST:PORT                     XML-RPC over reliable UDP
      Each ARG is one JSON literal.""";

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
          out.println(HELP);
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
    try (Client client = client(url, timeout, trace ? tracer(err) : null, tls)) {
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

  private static Client client(
      String url, Duration timeout, @Nullable Tracer tracer, @Nullable SSLContext tls) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new Main.UsageException("bad URL " + url);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    switch (scheme) {
      case "http", "https", "unix", "http+unix" -> {
        HttpClientSettings.Builder settings;
        try {
          settings = HttpClientSettings.builder().url(url);
        } catch (IllegalArgumentException e) {
          throw new Main.UsageException(e.getMessage());
        }
        settings
            .timeout(timeout)
            .connectTimeout(timeout)
            .maxIdleConnections(0)
            .acceptGzip(tracer == null);
        if (tracer != null) {
          settings.tracer(tracer);
        }
        if (tls != null) {
          settings.tls(tls);
        }
        return settings.build().client();
      }
      case "udp" -> {
        return MessageClientSettings.builder()
            .transport(
                new ReliableUdpTransport(ReliableUdpConfig.defaults(), HostResolver.system()))
            .endpoint(endpoint(uri, url))
            .timeout(timeout)
            .build()
            .client();
      }
      case "framed" -> {
        return FramedClientSettings.builder()
            .endpoint(endpoint(uri, url))
            .timeout(timeout)
            .connectTimeout(timeout)
            .maxIdleConnections(0)
            .build()
            .client();
      }
      default ->
          throw new Main.UsageException(
              "unsupported URL "
                  + url
                  + " (expected http[s]://HOST:PORT/PATH, unix:///SOCKET, http+unix://%2FSOCKET/PATH,"
                  + " udp://HOST:PORT or framed://HOST:PORT; see capas call --help)");
    }
  }

  private static Endpoint endpoint(URI uri, String url) {
    String host = uri.getHost();
    if (host == null || uri.getPort() < 0) {
      throw new Main.UsageException("expected " + uri.getScheme() + "://HOST:PORT, got " + url);
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return Endpoint.of(host, uri.getPort());
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
