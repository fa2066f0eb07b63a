package io.capas.guide;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A program of the guide (a Java main, a Python script) run as a child process: started, waited for
 * with a deadline, and stopped by its pid. Its stderr goes to a temp file shown when a check fails.
 */
final class ChildProcess implements AutoCloseable {
  private final Process process;
  private final Path stderr;
  private final List<String> command;
  private final BufferedReader stdout;

  private ChildProcess(List<String> command, Process process, Path stderr) {
    this.command = command;
    this.process = process;
    this.stderr = stderr;
    this.stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8));
  }

  static ChildProcess start(List<String> command) throws IOException {
    Path err = Files.createTempFile("capas-guide", ".stderr");
    Process p =
        new ProcessBuilder(command)
            .redirectError(err.toFile())
            .redirectInput(new File("/dev/null"))
            .start();
    return new ChildProcess(command, p, err);
  }

  /** {@code java -cp <this test's class path> mainClass args...}, with this JVM's java. */
  static ChildProcess java(Class<?> mainClass, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass.getName());
    command.addAll(List.of(args));
    return start(command);
  }

  /** A file of the test resources' {@code guide/} folder, copied to {@code dir}. */
  static Path resource(String name, Path dir) throws IOException {
    Path file = dir.resolve(Path.of(name).getFileName().toString());
    try (var in = ChildProcess.class.getResourceAsStream("/guide/" + name)) {
      if (in == null) {
        throw new IOException("missing test resource guide/" + name);
      }
      Files.write(file, in.readAllBytes());
    }
    return file;
  }

  /** Reads the next line of stdout, waiting at most {@code timeout}. */
  String readLine(Duration timeout) throws Exception {
    CompletableFuture<String> line =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return stdout.readLine();
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

  /** Waits for the exit with a deadline; returns the exit code and the rest of stdout. */
  Result await(Duration timeout) throws Exception {
    CompletableFuture<String> out =
        CompletableFuture.supplyAsync(
            () -> {
              StringBuilder text = new StringBuilder();
              try {
                for (String line = stdout.readLine(); line != null; line = stdout.readLine()) {
                  text.append(line).append('\n');
                }
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
              return text.toString();
            });
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      close();
      throw new IOException(describe("did not finish within " + timeout));
    }
    try {
      return new Result(
          process.exitValue(), out.get(10, TimeUnit.SECONDS), Files.readString(stderr));
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
