package io.capas.cli;

import java.io.PrintStream;
import java.util.Arrays;

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
      usage: capas serve [--host H] [--port P] [--transport tcp|udp] [--model sequential|threads|pool|multiplex]
                         [--pool-size N] [--selector-threads N]
             capas call [--timeout SECONDS] [--trace] URL METHOD [ARG...]
             capas demo
             capas hftp ...
      URL: http://HOST:PORT/RPC2, udp://HOST:PORT or framed://HOST:PORT; each ARG is one JSON literal.""";

  private Main() {}

  public static void main(String[] args) {
    // A command-line tool: library INFO lines (listening, stopped) would clutter the terminal.
    java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
    for (java.util.logging.Handler h : java.util.logging.Logger.getLogger("").getHandlers()) {
      h.setLevel(java.util.logging.Level.WARNING);
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
    return newline >= 0 ? text.substring(0, newline) : text;
  }

  /** A bad command line. */
  static final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message, null, false, false);
    }
  }
}
