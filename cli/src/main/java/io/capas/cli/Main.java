package io.capas.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@code capas} command: {@code serve}, {@code call}, {@code demo}, {@code hftp}.
 *
 * <p>Exit codes: 0 success; 1 the server answered with a fault; 2 any other failure or a usage
 * error. Failures print one short line on stderr, never a stack trace.
 */
public final class Main {
  static final int OK = 0;
  static final int FAULT = 1;
  static final int FAILURE = 2;

  static final String USAGE =
      """
      usage: capas serve [--host H] [--port P] [--transport tcp|udp] \
      [--model sequential|threads|pool|multiplex]
                         [--pool-size N] [--selector-threads N] [--offload-after-ms MS]
                         [--handlers offload|inline]
                         [--tls-cert PEM --tls-key PEM [--client-ca PEM]] [--scgi]
                         [--unix PATH [--unix-mode rw-------] [--remove-stale]]
             capas call [--timeout SECONDS] [--trace] [--cacert PEM] [--insecure] \
      [--cert PEM --key PEM] URL METHOD [ARG...]
             capas demo
             capas hftp ...
             capas example [NAME [ARG...]]   (the course's programs; no NAME lists them)
      URL: http[s]://HOST:PORT/RPC2, unix:///PATH, http+unix://%2FPATH/RPC2, udp://HOST:PORT, \
      framed://HOST:PORT or scgi://HOST:PORT (capas call --help lists them); each ARG is one JSON \
      literal.""";

  private Main() {}

  public static void main(String[] args) {
    // A command-line tool: library INFO lines (listening, stopped) would clutter the terminal.
    Logger.getLogger("").setLevel(Level.WARNING);
    for (Handler h : Logger.getLogger("").getHandlers()) {
      h.setLevel(Level.WARNING);
    }
    int code = run(args, System.out, System.err);
    System.out.flush();
    System.exit(code);
  }

  /** Runs one command; returns its exit code. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0) {
      err.println(USAGE);
      return FAILURE;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    try {
      return switch (args[0]) {
        case "serve" -> ServeCommand.run(rest, out, err);
        case "call" -> CallCommand.run(rest, out, err);
        case "demo" -> DemoCommand.run(out, err);
        case "hftp" -> HftpBridge.run(rest, out, err);
        case "example" -> ExampleCommand.run(rest, System.in, out, err);
        case "help", "--help", "-h" -> {
          out.println(USAGE);
          yield OK;
        }
        default -> {
          err.println("capas: unknown command " + args[0]);
          err.println(USAGE);
          yield FAILURE;
        }
      };
    } catch (UsageException e) {
      err.println("capas " + args[0] + ": " + e.getMessage());
      return FAILURE;
    } catch (RuntimeException e) {
      err.println("capas " + args[0] + ": " + oneLine(e));
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
