package io.capas.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.Console;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code capas} command: {@code serve}, {@code call}, {@code demo}, {@code hftp}, {@code
 * completion}. Arguments are parsed by picocli; {@code --help} on the command and on every
 * subcommand prints its usage on stdout and exits 0.
 *
 * <p>Exit codes: 0 success; 1 the server answered with a fault; 2 any other failure or a usage
 * error. Failures print one short line on stderr, never a stack trace. Text is UTF-8 in and out
 * whatever the locale ({@link Argv}).
 */
public final class Main {
  static final int OK = 0;
  static final int FAULT = 1;
  static final int FAILURE = 2;

  private Main() {}

  /**
   * The streams a command reads and writes, and the console a password prompt uses ({@code null}
   * when there is none: then the password is read as one line of {@code in}).
   */
  record Io(InputStream in, PrintStream out, PrintStream err, @Nullable Console console) {
    /** No standard input and no console: what a test that only reads the output wants. */
    static Io of(PrintStream out, PrintStream err) {
      return new Io(InputStream.nullInputStream(), out, err, null);
    }
  }

  public static void main(String[] args) {
    // A command-line tool: library INFO lines (listening, stopped) would clutter the terminal.
    Logger.getLogger("").setLevel(Level.WARNING);
    for (Handler h : Logger.getLogger("").getHandlers()) {
      h.setLevel(Level.WARNING);
    }
    // UTF-8 whatever the locale: under LC_ALL=C the JDK would print '?' for every non-ASCII char.
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, UTF_8);
    PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, UTF_8);
    int code = run(Argv.utf8(args), new Io(System.in, out, err, System.console()));
    out.flush();
    err.flush();
    System.exit(code);
  }

  /** Runs one command with no standard input; returns its exit code. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, Io.of(out, err));
  }

  /** Runs one command; returns its exit code. */
  static int run(String[] args, Io io) {
    return commandLine(io).execute(args);
  }

  /** The command tree, its output going to {@code io}. */
  static CommandLine commandLine(Io io) {
    CommandLine root =
        new CommandLine(new Root(io))
            .addSubcommand(new ServeCommand(io))
            .addSubcommand(new CallCommand(io))
            .addSubcommand(new DemoCommand(io))
            .addSubcommand(new HftpBridge(io))
            .addSubcommand(new ExampleCommand(io))
            .addSubcommand(new CompletionCommand(io));
    // Set on the root after the subcommands are added, so that each of them gets it too.
    root.setOut(new PrintWriter(new OutputStreamWriter(io.out(), UTF_8), true))
        .setErr(new PrintWriter(new OutputStreamWriter(io.err(), UTF_8), true))
        // "@args.json" is capas call's own argument form (a JSON file), not picocli's @-file.
        .setExpandAtFiles(false)
        .setParameterExceptionHandler(
            (e, args) -> {
              CommandLine where = e.getCommandLine();
              String name = where.getCommandSpec().qualifiedName();
              io.err().println(name + ": " + oneLine(e) + " (see " + name + " --help)");
              return FAILURE;
            })
        .setExecutionExceptionHandler(
            (e, where, parsed) -> {
              io.err().println(where.getCommandSpec().qualifiedName() + ": " + oneLine(e));
              return FAILURE;
            });
    // hftp parses its own arguments, options included.
    root.getSubcommands().get("hftp").setUnmatchedOptionsArePositionalParams(true);
    // capas example hands every word after the name to the program, options included.
    root.getSubcommands().get("example").setUnmatchedOptionsArePositionalParams(true);
    // capas call: options come first; then a JSON argument such as -1 is never taken for one.
    CommandLine call = root.getSubcommands().get("call").setStopAtPositional(true);
    UsageMessageSpec usage = call.getCommandSpec().usageMessage();
    List<String> footer = new ArrayList<>(List.of(usage.footer()));
    footer.add(0, CallCommand.schemes());
    usage.footer(footer.toArray(String[]::new));
    return root;
  }

  /** {@code capas} itself: with no subcommand, its usage on stderr and exit 2. */
  @Command(
      name = "capas",
      description = "XML-RPC from the command line: serve the example methods, call a server.",
      synopsisSubcommandLabel = "COMMAND",
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {
        "0:success",
        "1:the server answered with a fault (capas call)",
        "2:any other failure, or a usage error (one line on stderr)"
      },
      footerHeading = "%n",
      footer = {
        "URL: http[s]://HOST:PORT/RPC2, unix:///PATH, http+unix://%%2FPATH/RPC2,"
            + " udp://HOST:PORT, framed://HOST:PORT or scgi://HOST:PORT"
            + " (capas call --help lists them).",
        "Each call ARG is one JSON literal, @FILE for the JSON in FILE, or - for standard input.",
        "capas example lists the course's programs; capas example NAME runs one.",
        "Bash completion: source <(capas completion)"
      })
  static final class Root implements Callable<Integer> {
    private final Io io;

    @Spec @Nullable CommandSpec spec;

    @Option(
        names = {"-h", "--help"},
        usageHelp = true,
        description = "Show this help and exit.")
    boolean help;

    Root(Io io) {
      this.io = io;
    }

    @Override
    public Integer call() {
      if (spec != null) {
        spec.commandLine().usage(io.err());
      }
      return FAILURE;
    }
  }

  static String oneLine(Throwable e) {
    String message = e.getMessage();
    String text = message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    int newline = text.indexOf('\n');
    return printable(newline >= 0 ? text.substring(0, newline) : text);
  }

  /** The most characters of a peer's text {@link #printable} prints. */
  static final int MAX_PRINTED_CHARS = 4096;

  /**
   * C0 and C1 controls, DEL, the line and paragraph separators and the bidirectional controls: what
   * a peer could use to move the cursor, recolour, or reorder what a terminal shows.
   */
  static boolean unsafeOnTerminal(char c) {
    return c < 0x20
        || (c >= 0x7f && c <= 0x9f)
        || c == 0x2028
        || c == 0x2029
        || (c >= 0x200e && c <= 0x200f)
        || (c >= 0x202a && c <= 0x202e)
        || (c >= 0x2066 && c <= 0x2069);
  }

  /**
   * {@code text} (a peer's, so untrusted) as one line that is safe on a terminal: backslash, line
   * breaks, tabs, C0 and C1 control characters, DEL, the Unicode line and paragraph separators and
   * the bidirectional controls are written as escapes ({@code \n}, {@code \t}, {@code \\}, {@code
   * \u009b}); past {@value #MAX_PRINTED_CHARS} characters the rest is counted, not printed.
   */
  static String printable(String text) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_PRINTED_CHARS) + 16);
    int n = Math.min(text.length(), MAX_PRINTED_CHARS);
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (unsafeOnTerminal(c)) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    if (text.length() > n) {
      out.append("... (").append(text.length() - n).append(" more chars)");
    }
    return out.toString();
  }

  /** A bad command line. */
  static final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message, null, false, false);
    }
  }
}
