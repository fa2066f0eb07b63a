package io.capas.it;

import static com.google.common.base.Preconditions.checkState;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * Starts JVMs of the stack in containers of the locally built base image.
 *
 * <p>The image comes from the system property {@code capas.it.image}; the module's test classes
 * ({@code capas.it.classes}) and test classpath jars ({@code capas.it.lib}) are mounted read-only,
 * so any main class of any module can run. Not thread-safe; one use per test.
 */
final class Containers {

  static final String IMAGE = property("capas.it.image");
  private static final String CLASSES = property("capas.it.classes");
  private static final String LIB = property("capas.it.lib");
  static final String CLASSPATH = "/it/classes:/it/lib/*";

  private Containers() {}

  private static String property(String name) {
    String value = System.getProperty(name);
    checkState(
        value != null, "system property %s is not set: run the suites with mvn verify", name);
    return value;
  }

  /** A container of the base image on {@code network} under {@code alias}, not started. */
  static GenericContainer<?> base(Network network, String alias) {
    checkState(Files.isDirectory(Path.of(LIB)), "missing %s: run mvn verify", LIB);
    return new GenericContainer<>(IMAGE)
        .withNetwork(network)
        .withNetworkAliases(alias)
        .withEnv("LANG", "C.UTF-8") // arguments and output in UTF-8, whatever the image's default
        .withFileSystemBind(CLASSES, "/it/classes", BindMode.READ_ONLY)
        .withFileSystemBind(LIB, "/it/lib", BindMode.READ_ONLY);
  }

  /**
   * A long-running JVM ({@code mainClass args}) that is ready once its log matches {@code ready}.
   */
  static GenericContainer<?> jvm(
      Network network, String alias, String readyRegex, String mainClass, String... args) {
    return base(network, alias)
        .withCommand(command(mainClass, args))
        .waitingFor(Wait.forLogMessage(readyRegex, 1).withStartupTimeout(Duration.ofSeconds(60)));
  }

  static String[] command(String mainClass, String... args) {
    List<String> command =
        new ArrayList<>(
            List.of(
                "java",
                "-XX:TieredStopAtLevel=1",
                // Docker gives a restarted container a new address: don't cache the old one for 30
                // s.
                "-Dsun.net.inetaddr.ttl=1",
                "-Dsun.net.inetaddr.negative.ttl=0",
                "-cp",
                CLASSPATH,
                mainClass));
    command.addAll(List.of(args));
    return command.toArray(String[]::new);
  }

  /** A started container that idles, for running clients in it with {@link #exec}. */
  static GenericContainer<?> idle(Network network, String alias) {
    GenericContainer<?> container = base(network, alias).withCommand("sleep", "infinity");
    container.start();
    return container;
  }

  /** What a command run in a container printed, and how it ended. */
  record Run(int exitCode, String stdout, String stderr) {
    Run {
      stdout = stdout.strip();
      stderr = stderr.strip();
    }
  }

  /**
   * Runs {@code mainClass args} in a new JVM inside {@code container}; coreutils' {@code timeout}
   * kills it after {@code limit} (exit 124), so no call can hang the suite.
   */
  static Run exec(GenericContainer<?> container, Duration limit, String mainClass, String... args) {
    List<String> command = new ArrayList<>(List.of("timeout", "-k", "5", limit.toSeconds() + "s"));
    command.addAll(List.of(command(mainClass, args)));
    return execCommand(container, command.toArray(String[]::new));
  }

  /** The {@code key=value} lines of {@code stdout}. */
  static Map<String, String> keyValues(String stdout) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : stdout.split("\n", -1)) {
      int equals = line.indexOf('=');
      if (equals > 0) {
        values.put(line.substring(0, equals).strip(), line.substring(equals + 1).strip());
      }
    }
    return values;
  }

  /** Runs {@code command} inside {@code container} and waits for it. */
  static Run execCommand(GenericContainer<?> container, String... command) {
    try {
      Container.ExecResult result = container.execInContainer(command);
      return new Run(result.getExitCode(), result.getStdout(), result.getStderr());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
    }
  }
}
