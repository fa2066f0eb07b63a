package io.capas.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import picocli.CommandLine;

/**
 * {@code capas serve} with one more method, {@code slow}, that prints {@code slow: started} on
 * stdout and answers {@code "done"} {@value #SLOW_MILLIS} ms later: a call to have in flight when
 * {@link ServeDrainTest} sends SIGTERM. Run as a process of its own.
 */
final class SlowServe {
  static final long SLOW_MILLIS = 1500;

  private SlowServe() {}

  public static void main(String[] args) {
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, UTF_8);
    PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, UTF_8);
    ServeCommand serve =
        new ServeCommand(
            Main.Io.of(out, err),
            server ->
                ExampleMethods.register(server)
                    .addMethod(
                        "slow",
                        params -> {
                          out.println("slow: started");
                          // The handler's own work, not a test waiting: it must outlast the signal.
                          Thread.sleep(SLOW_MILLIS);
                          return "done";
                        }));
    int code = new CommandLine(serve).execute(args);
    out.println("serve returned " + code);
    System.exit(code);
  }
}
