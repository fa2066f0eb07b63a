package io.capas.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the {@code capas} command in this JVM, or starts it as a process of its own. */
final class Cli {
  private Cli() {}

  /** What one run printed, and its exit code. */
  record Run(int exit, String out, String err) {}

  /** {@code capas ARGS} with no standard input. */
  static Run run(String... args) {
    return run(new byte[0], args);
  }

  /** {@code capas ARGS} with {@code stdin} as standard input and no console. */
  static Run run(byte[] stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        Main.run(
            args,
            new Main.Io(
                new ByteArrayInputStream(stdin),
                new PrintStream(out, true, UTF_8),
                new PrintStream(err, true, UTF_8),
                null));
    return new Run(exit, out.toString(UTF_8), err.toString(UTF_8));
  }

  /** The java binary running the tests. */
  static String java() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  /** The test class path: the cli's classes, its tests and every dependency. */
  static String classPath() {
    return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
  }

  /** {@code java -cp CLASSPATH MAIN ARGS}. */
  static List<String> javaCommand(String main, String... args) {
    List<String> command = new ArrayList<>(List.of(java(), "-cp", classPath(), main));
    command.addAll(List.of(args));
    return command;
  }
}
