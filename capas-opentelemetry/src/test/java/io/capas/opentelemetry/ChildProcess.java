package io.capas.opentelemetry;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A peer program (python3, curl) run as a child process: started, waited for with a deadline, and
 * stopped by its pid. Its stderr goes to a file shown when a check fails.
 */
final class ChildProcess implements AutoCloseable {
  private final Process process;
  private final Path stderr;
  private final List<String> command;

  private ChildProcess(List<String> command, Process process, Path stderr) {
    this.command = command;
    this.process = process;
    this.stderr = stderr;
  }

  static ChildProcess start(List<String> command) throws IOException {
    Path err = Files.createTempFile("capas-child", ".stderr");
    Process p =
        new ProcessBuilder(command)
            .redirectError(err.toFile())
            .redirectInput(new File("/dev/null"))
            .start();
    return new ChildProcess(command, p, err);
  }

  /**
   * Starts {@code command} in {@code home}, which is also its {@code HOME} (a daemon's dot files
   * stay in the test's temp dir); its stdout is discarded.
   */
  static ChildProcess start(List<String> command, Path home) throws IOException {
    Path err = Files.createTempFile("capas-child", ".stderr");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(home.toFile())
            .redirectError(err.toFile())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectInput(new File("/dev/null"));
    builder.environment().put("HOME", home.toString());
    return new ChildProcess(command, builder.start(), err);
  }

  /** A script from the test resources, as a file python3 can run. */
  static String resource(String name) throws IOException {
    Path file = Files.createTempFile("capas-interop", ".py");
    try (var in = ChildProcess.class.getResourceAsStream("/interop/" + name)) {
      if (in == null) {
        throw new IOException("missing test resource " + name);
      }
      Files.write(file, in.readAllBytes());
    }
    file.toFile().deleteOnExit();
    return file.toString();
  }

  /** The process id, by which {@link #close()} stops it. */
  long pid() {
    return process.pid();
  }

  /** Reads the first line of stdout, waiting at most {@code timeout}. */
  String firstLine(Duration timeout) throws Exception {
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8));
    CompletableFuture<String> line =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return reader.readLine();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    try {
      String text = line.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (text == null) {
        throw new IOException(describe("ended without output"));
      }
      return text;
    } catch (TimeoutException e) {
      throw new IOException(describe("printed nothing within " + timeout), e);
    }
  }

  /** Waits for the exit with a deadline; returns stdout. */
  Result await(Duration timeout) throws Exception {
    CompletableFuture<byte[]> out =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return process.getInputStream().readAllBytes();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      close();
      throw new IOException(describe("did not finish within " + timeout));
    }
    try {
      return new Result(
          process.exitValue(),
          new String(out.get(10, TimeUnit.SECONDS), UTF_8),
          Files.readString(stderr));
    } catch (ExecutionException e) {
      throw new IOException(describe("stdout failed"), e);
    }
  }

  record Result(int exit, String stdout, String stderr) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
    }
  }

  private String describe(String what) throws IOException {
    return String.join(" ", command) + " " + what + "; stderr:\n" + Files.readString(stderr);
  }

  @Override
  public void close() throws InterruptedException {
    ProcessHandle handle = ProcessHandle.of(process.pid()).orElse(null);
    if (handle != null && handle.isAlive()) {
      handle.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        handle.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    }
    try {
      Files.deleteIfExists(stderr);
    } catch (IOException ignored) {
      // a temp file; the OS cleans it
    }
  }
}
