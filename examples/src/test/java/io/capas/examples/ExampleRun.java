package io.capas.examples;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server example started through {@link Examples#run} on a virtual thread (so that an interrupt
 * also wakes a blocked socket call), its port read from the first line it prints; {@link #close}
 * interrupts it and waits for it to end.
 */
final class ExampleRun implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(30);
  private static final Pattern PORT = Pattern.compile(":(\\d+)(?!.*:\\d)");

  private final Thread thread;
  private final LineSink sink = new LineSink();
  private final ByteArrayOutputStream errors = new ByteArrayOutputStream();
  final int port;

  ExampleRun(String name, List<String> args) throws InterruptedException {
    PrintStream err = new PrintStream(errors, true, UTF_8);
    BufferedReader noInput = new BufferedReader(new StringReader(""));
    thread =
        Thread.ofVirtual()
            .name("example-" + name)
            .start(() -> Examples.run(name, args, noInput, sink.out, err));
    String first = sink.next(WAIT);
    if (first == null) {
      thread.interrupt();
      throw new AssertionError(name + " printed nothing in " + WAIT + "; " + errors(err));
    }
    Matcher m = PORT.matcher(first);
    if (!m.find()) {
      throw new AssertionError(name + " printed no port: " + first);
    }
    port = Integer.parseInt(m.group(1));
  }

  private String errors(PrintStream err) {
    err.flush();
    return errors.toString(UTF_8);
  }

  /** The next line the server prints, or null after {@link #WAIT}. */
  String nextLine() throws InterruptedException {
    return sink.next(WAIT);
  }

  /** Runs a client example to its end; returns its exit code and output. */
  static Result client(String name, List<String> args, String input) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, UTF_8);
        PrintStream e = new PrintStream(err, true, UTF_8)) {
      code = Examples.run(name, args, new BufferedReader(new StringReader(input)), o, e);
    }
    return new Result(code, out.toString(UTF_8), err.toString(UTF_8));
  }

  record Result(int code, String out, String err) {}

  @Override
  public void close() throws InterruptedException {
    thread.interrupt();
    if (!thread.join(WAIT)) {
      throw new AssertionError(thread.getName() + " did not stop in " + WAIT);
    }
  }
}
