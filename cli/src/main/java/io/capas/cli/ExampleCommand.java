package io.capas.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.capas.examples.Examples;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code capas example [NAME [ARG...]]}: runs one of the course's programs of the {@code examples}
 * module ({@code examples/README.md} lists them); with no name, or {@code --help}, lists them.
 *
 * <p>Exit codes are the program's: 0 done, 1 it ran and reports a failure (no answer, a failed
 * lookup), 2 a usage error or an exception (one line on stderr).
 */
@Command(
    name = "example",
    description = "Run one of the course's programs (no NAME, or --help, lists them).")
final class ExampleCommand implements Callable<Integer> {
  private final Main.Io io;

  @Parameters(paramLabel = "ARG", description = "The program's NAME and its arguments.")
  List<String> args = new ArrayList<>();

  ExampleCommand(Main.Io io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    return run(args.toArray(String[]::new), io.in(), io.out(), io.err());
  }

  static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
      out.print(Examples.usage());
      return Main.OK;
    }
    List<String> rest = Arrays.asList(args).subList(1, args.length);
    return Examples.run(
        args[0], rest, new BufferedReader(new InputStreamReader(in, UTF_8)), out, err);
  }
}
