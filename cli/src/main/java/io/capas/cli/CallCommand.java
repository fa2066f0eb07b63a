package io.capas.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.capas.rpc.Client;
import io.capas.rpc.ClientCall;
import io.capas.rpc.ClientInterceptor;
import io.capas.rpc.ClientOptions;
import io.capas.rpc.ClientSchemes;
import io.capas.rpc.MessageClientSettings;
import io.capas.rpc.RpcException;
import io.capas.rpc.RpcFault;
import io.capas.rpc.Tracer;
import io.capas.transport.HostResolver;
import io.capas.transport.udp.ReliableUdpConfig;
import io.capas.transport.udp.ReliableUdpTransport;
import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code capas call [OPTIONS] URL METHOD [ARG...]}: one call, its result as JSON on stdout (exit
 * 0), a fault's code and string on stderr (exit 1), any other failure as one line on stderr (exit
 * 2). Each ARG is one JSON literal ({@link Json}), {@code @FILE} for the JSON in a file, or {@code
 * -} for the JSON on standard input: Linux caps one command-line string at 128 KiB, a file or a
 * pipe takes up to {@value CallArguments#MAX_ARGUMENT_BYTES} bytes. The timeout bounds the whole
 * call, the connect timeout (10 s, within it) the connection. {@code https://} URLs trust the JDK's
 * trust store and verify the host name; {@code --cacert} adds the CAs of a PEM file, {@code
 * --insecure} checks nothing (and says so on stderr); {@code --cert} and {@code --key} present a
 * client certificate (mutual TLS). {@code --header} adds request headers and {@code --user} HTTP
 * basic credentials, prompting for the password when it is left out. The URL's scheme picks the
 * binding through {@link #SCHEMES} ({@code --help} lists them); {@code http(s)://} URLs go through
 * the proxy that {@code http_proxy}, {@code https_proxy} and {@code no_proxy} name ({@link
 * ProxyEnvironment}).
 */
@Command(
    name = "call",
    description = "Call METHOD on the XML-RPC server at URL and print the result as JSON.",
    sortOptions = false,
    footerHeading = "%n",
    footer = {
      "Each ARG is one JSON literal (\"text\", 42, 1.5, true, null, [..], {..},"
          + " {\"$base64\": \"AAEC\"}, {\"$dateTime.iso8601\": \"19980717T14:08:55\"}),"
          + " @FILE for the JSON in FILE, or - for the JSON on standard input.",
      "http_proxy, https_proxy and no_proxy are honoured for http(s) URLs.",
      "Exit codes: 0 the result is on stdout; 1 the server answered with a fault;"
          + " 2 any other failure, or a usage error."
    })
final class CallCommand implements Callable<Integer> {
  private final Main.Io io;

  CallCommand(Main.Io io) {
    this.io = io;
  }

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  boolean help;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      description = "Bound on the whole call (default: 30).")
  @Nullable String timeout;

  @Option(
      names = "--connect-timeout",
      paramLabel = "SECONDS",
      description =
          "Bound on making the connection, within --timeout (default: 10); past it the call"
              + " fails as unavailable, never sent.")
  @Nullable String connectTimeout;

  @Option(names = "--trace", description = "Print the raw exchange on stderr.")
  boolean trace;

  @Option(
      names = "--header",
      paramLabel = "NAME:VALUE",
      description = "Add a request header (repeatable; HTTP bindings).")
  List<String> headers = new ArrayList<>();

  @Option(
      names = "--user",
      paramLabel = "USER[:PASS]",
      description =
          "HTTP basic credentials; without :PASS the password is asked on the console"
              + " (or read as one line of standard input when there is none).")
  @Nullable String user;

  @Option(names = "--cacert", paramLabel = "PEM", description = "Also trust the CAs in PEM.")
  @Nullable Path cacert;

  @Option(names = "--insecure", description = "Check neither the certificate nor the name.")
  boolean insecure;

  @Option(names = "--cert", paramLabel = "PEM", description = "Client certificate (mutual TLS).")
  @Nullable Path cert;

  @Option(names = "--key", paramLabel = "PEM", description = "Key of --cert.")
  @Nullable Path key;

  @Parameters(index = "0", paramLabel = "URL", description = "Where the server is (see below).")
  String url = "";

  @Parameters(index = "1", paramLabel = "METHOD", description = "The method to call.")
  String method = "";

  @Parameters(
      index = "2..*",
      paramLabel = "ARG",
      description = "The parameters: JSON, @FILE or - (standard input).")
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() {
    Duration limit = timeout == null ? Duration.ofSeconds(30) : seconds("--timeout", timeout);
    Duration connectLimit =
        connectTimeout == null
            ? ClientOptions.defaults().connectTimeout()
            : seconds("--connect-timeout", connectTimeout);
    List<@Nullable Object> params = CallArguments.params(args, io.in());
    if ((!headers.isEmpty() || user != null) && !carriesHeaders(url)) {
      // Checked before a password is asked for.
      throw new Main.UsageException("--header and --user need an HTTP URL, not " + url);
    }
    List<String[]> extra = new ArrayList<>();
    for (String header : headers) {
      extra.add(header(header));
    }
    if (user != null) {
      extra.add(new String[] {"Authorization", basic(user)});
    }
    PrintStream out = io.out();
    PrintStream err = io.err();
    if (insecure) {
      err.println(
          "capas call: WARNING: --insecure: the server's certificate and name are NOT checked");
    }
    SSLContext tls =
        url.regionMatches(true, 0, "https:", 0, 6)
            ? TlsTrust.context(cacert, insecure, cert, key)
            : null;
    try (Client client =
        client(url, limit, connectLimit, trace ? tracer(err) : null, tls, System.getenv())) {
      Client sending = extra.isEmpty() ? client : client.withInterceptor(adding(extra));
      Object result = sending.call(method, params.toArray());
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

  /** Adds {@code headers} (name and value pairs) to every call. */
  private static ClientInterceptor adding(List<String[]> headers) {
    return (call, next) -> {
      ClientCall withHeaders = call;
      for (String[] header : headers) {
        withHeaders = withHeaders.withHeader(header[0], header[1]);
      }
      return next.proceed(withHeaders);
    };
  }

  /** {@code NAME:VALUE} as a name and a value; the name a token, the value without CR or LF. */
  static String[] header(String text) {
    int colon = text.indexOf(':');
    if (colon <= 0) {
      throw new Main.UsageException("--header is NAME:VALUE, not " + text);
    }
    String name = text.substring(0, colon).strip();
    String value = text.substring(colon + 1).strip();
    if (name.isEmpty() || !name.chars().allMatch(CallCommand::tokenChar)) {
      throw new Main.UsageException("--header name is not an HTTP token: " + name);
    }
    if (!value.chars().allMatch(c -> c == '\t' || (c >= 0x20 && c != 0x7f && c <= 0xff))) {
      throw new Main.UsageException(
          "--header value holds a control or non-Latin-1 character: " + name);
    }
    return new String[] {name, value};
  }

  private static boolean tokenChar(int c) {
    return c > 0x20 && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
  }

  /** The {@code Authorization} value of {@code USER[:PASS]}, asking for a missing password. */
  private String basic(String userAndPassword) {
    int colon = userAndPassword.indexOf(':');
    String name = colon < 0 ? userAndPassword : userAndPassword.substring(0, colon);
    if (name.isEmpty()) {
      throw new Main.UsageException("--user needs a user name");
    }
    String password = colon < 0 ? askPassword(name) : userAndPassword.substring(colon + 1);
    return "Basic " + Base64.getEncoder().encodeToString((name + ":" + password).getBytes(UTF_8));
  }

  /**
   * Asks for the password on the console without echo, or, with no console (a pipe, a test), reads
   * it as the first line of standard input.
   */
  private String askPassword(String name) {
    Console console = io.console();
    if (console != null) {
      char[] typed = console.readPassword("Password for %s: ", name);
      if (typed == null) {
        throw new Main.UsageException("no password given for " + name);
      }
      return new String(typed);
    }
    if (args.contains("-")) {
      throw new Main.UsageException(
          "--user without :PASS reads the password from standard input, which - takes too");
    }
    io.err().print("Password for " + Main.printable(name) + ": ");
    io.err().flush();
    String line = firstLine(io.in());
    if (line == null) {
      throw new Main.UsageException("no password given for " + name);
    }
    return line;
  }

  /** The first line of {@code in} (at most 4096 bytes, UTF-8), or {@code null} at end of input. */
  private static @Nullable String firstLine(InputStream in) {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    try {
      for (int b = in.read(); b != '\n'; b = in.read()) {
        if (b < 0) {
          return line.size() == 0 ? null : line.toString(UTF_8);
        }
        if (line.size() >= 4096) {
          throw new Main.UsageException("password line longer than 4096 bytes");
        }
        line.write(b);
      }
    } catch (IOException e) {
      throw new Main.UsageException("cannot read the password: " + e.getMessage());
    }
    String text = line.toString(UTF_8);
    return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
  }

  /** Whether the URL's binding sends request headers (HTTP, HTTPS, HTTP over a Unix socket). */
  private static boolean carriesHeaders(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    return lower.startsWith("http:")
        || lower.startsWith("https:")
        || lower.startsWith("http+unix:")
        || lower.startsWith("unix:");
  }

  private static Duration seconds(String option, String text) {
    try {
      double seconds = Double.parseDouble(text);
      if (!(seconds > 0) || seconds > 86_400) {
        throw new Main.UsageException(option + " must be in (0, 86400] seconds: " + text);
      }
      return Duration.ofNanos((long) (seconds * 1e9));
    } catch (NumberFormatException e) {
      throw new Main.UsageException(option + " is a number of seconds, not " + text);
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

  /** One line per URL scheme, for the usage help. */
  static String schemes() {
    StringBuilder text = new StringBuilder("URL schemes:%n");
    for (ClientSchemes.Entry entry : SCHEMES.entries()) {
      text.append(
          String.format(Locale.ROOT, "  %-36s %s", entry.form(), entry.description())
              .replace("%", "%%"));
      text.append("%n");
    }
    return text.toString();
  }

  static Client client(
      String url,
      Duration timeout,
      Duration connectTimeout,
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
            .withConnectTimeout(connectTimeout)
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
