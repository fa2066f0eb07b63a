package io.capas.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.capas.examples.Examples;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * {@code capas example [NAME [ARG...]]}: runs one of the course's programs of the {@code examples}
 * module ({@code examples/README.md} lists them); with no name, or {@code --help}, lists them.
 *
 * <p>Exit codes are the program's: 0 done, 1 it ran and reports a failure (no answer, a failed
 * lookup), 2 a usage error or an exception (one line on stderr).
 */
final class ExampleCommand {
  private ExampleCommand() {}

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
