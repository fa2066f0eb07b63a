package io.capas.testing.process;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringWriter;
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
 * A program run as a child process of a test: started with standard input from {@code /dev/null},
 * waited for with a deadline, and stopped by its pid ({@link #close()}). Its stderr goes to a temp
 * file, shown when a check fails.
 */
public final class ChildProcess implements AutoCloseable {
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

  /** Starts {@code command}; its stdout is read by {@link #readLine} and {@link #await}. */
  public static ChildProcess start(List<String> command) throws IOException {
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
  public static ChildProcess start(List<String> command, Path home) throws IOException {
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

  /** {@code java -cp <this test's class path> mainClass args...}, with this JVM's java. */
  public static ChildProcess java(Class<?> mainClass, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass.getName());
    command.addAll(List.of(args));
    return start(command);
  }

  /** Copies the class path resource {@code resource} (an absolute name) to {@code file}. */
  public static Path copyResource(String resource, Path file) throws IOException {
    try (var in = ChildProcess.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("missing test resource " + resource);
      }
      Files.write(file, in.readAllBytes());
    }
    return file;
  }

  /**
   * The class path resource {@code resource} (an absolute name) as a temp file a program can run (a
   * Python script), deleted when the JVM exits; its path.
   */
  public static String script(String resource) throws IOException {
    String name = Path.of(resource).getFileName().toString();
    int dot = name.lastIndexOf('.');
    Path file = Files.createTempFile("capas-script", dot < 0 ? "" : name.substring(dot));
    file.toFile().deleteOnExit();
    return copyResource(resource, file).toString();
  }

  /** The process id, by which {@link #close()} stops it. */
  public long pid() {
    return process.pid();
  }

  /** Reads the next line of stdout, waiting at most {@code timeout}. */
  public String readLine(Duration timeout) throws Exception {
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

  /** Waits for the exit with a deadline; returns the exit code, the rest of stdout and stderr. */
  public Result await(Duration timeout) throws Exception {
    CompletableFuture<String> out =
        CompletableFuture.supplyAsync(
            () -> {
              StringWriter text = new StringWriter();
              try {
                stdout.transferTo(text);
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

  /** How a child process ended. */
  public record Result(int exit, String stdout, String stderr) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
    }
  }

  private String describe(String what) throws IOException {
    return String.join(" ", command) + " " + what + "; stderr:\n" + Files.readString(stderr);
  }

  /** Stops the process by its pid (SIGTERM, then SIGKILL after 10 s) and removes its stderr. */
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
