package io.capas.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

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

  /**
   * {@code capas serve ARGS} on a virtual thread of this JVM, from its ready line until {@link
   * #close()} stops it as Ctrl-C would (an interrupt), waiting 30 s at most for either.
   */
  static final class Serving implements AutoCloseable {
    /** The line serve printed once it listened. */
    final String ready;

    private final Thread thread;

    private Serving(Thread thread, String ready) {
      this.thread = thread;
      this.ready = ready;
    }

    static Serving start(String... args) throws Exception {
      PipedInputStream pipe = new PipedInputStream();
      PrintStream out = new PrintStream(new PipedOutputStream(pipe), true, UTF_8);
      Thread thread = Thread.ofVirtual().start(() -> ServeCommand.run(args, out, System.err));
      BufferedReader lines = new BufferedReader(new InputStreamReader(pipe, UTF_8));
      try {
        String ready =
            CompletableFuture.supplyAsync(
                    () -> {
                      try {
                        return lines.readLine();
                      } catch (IOException e) {
                        throw new UncheckedIOException(e);
                      }
                    })
                .get(30, TimeUnit.SECONDS);
        return new Serving(thread, String.valueOf(ready));
      } catch (Exception e) {
        thread.interrupt();
        throw e;
      }
    }

    /** The URL of the ready line, from {@code scheme} ({@code "http://"}) on. */
    String url(String scheme) {
      int at = ready.indexOf(scheme);
      if (at < 0) {
        throw new AssertionError("no " + scheme + " URL in: " + ready);
      }
      return ready.substring(at);
    }

    @Override
    public void close() throws InterruptedException {
      thread.interrupt();
      thread.join(TimeUnit.SECONDS.toMillis(30));
      if (thread.isAlive()) {
        throw new AssertionError("capas serve did not stop");
      }
    }
  }
}
