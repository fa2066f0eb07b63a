package io.capas.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.rpc.RpcServer;
import io.capas.transport.Endpoint;
import io.capas.transport.tcp.TcpConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: UTF-8 in and out whatever the locale. {@code capas call echo '"ñandú 漢字 😀"'} run as a
 * real process with the environment cleared (no {@code LANG}) or {@code LC_ALL=C}, where the JDK
 * decodes argv as ASCII and would print {@code ?}: once through the {@code capas} launcher, once as
 * plain {@code java -cp ... Main}.
 */
class LocaleIndependenceTest {
  private static final String TEXT = "ñandú 漢字 😀";
  private static final Path LAUNCHER = Path.of("..", "capas").toAbsolutePath().normalize();
  private static RpcServer server;

  @BeforeAll
  static void start() {
    server =
        ExampleMethods.register(
                DaggerXmlRpcHttpTcpComponent.factory()
                    .create(TcpConfig.defaults())
                    .servers()
                    .create(Endpoint.of("127.0.0.1", 0)))
            .start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** Exit code, and stdout and stderr decoded as UTF-8 (a malformed byte shows as U+FFFD). */
  private record Result(int exit, String out, String err) {}

  /** Runs {@code command} with only {@code env} in its environment; bounded to 60 s. */
  private static Result exec(List<String> command, Map<String, String> env) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().clear();
    builder.environment().putAll(env);
    Process process = builder.start();
    try {
      process.getOutputStream().close();
      CompletableFuture<byte[]> err =
          CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
      byte[] out = process.getInputStream().readAllBytes();
      assertTrue(process.waitFor(60, TimeUnit.SECONDS), "capas did not finish");
      return new Result(
          process.exitValue(),
          new String(out, UTF_8),
          new String(err.get(60, TimeUnit.SECONDS), UTF_8));
    } finally {
      process.destroyForcibly();
    }
  }

  private static byte[] readAll(InputStream in) {
    try {
      return in.readAllBytes();
    } catch (IOException e) {
      return ("(stderr unreadable: " + e + ")").getBytes(UTF_8);
    }
  }

  private static void assertRoundTrips(Result r) {
    assertEquals(0, r.exit(), r.err());
    assertEquals("\"" + TEXT + "\"\n", r.out());
  }

  private static String javaHome() {
    return Path.of(Cli.java()).getParent().getParent().toString();
  }

  private static List<Map<String, String>> locales() {
    String path = "/usr/local/bin:/usr/bin:/bin";
    return List.of(
        Map.of("PATH", path),
        Map.of("PATH", path, "LC_ALL", "C"),
        Map.of("PATH", path, "LANG", "POSIX"));
  }

  @Test
  void plainJavaRoundTripsNonAsciiUnderTheCLocale() throws Exception {
    for (Map<String, String> env : locales()) {
      assertRoundTrips(
          exec(
              Cli.javaCommand(
                  "io.capas.cli.Main", "call", server.url(), "echo", "\"" + TEXT + "\""),
              env));
    }
  }

  @Test
  void theLauncherRoundTripsNonAsciiUnderTheCLocale() throws Exception {
    assertTrue(Files.isExecutable(LAUNCHER), LAUNCHER + " is not executable");
    for (Map<String, String> base : locales()) {
      Map<String, String> env = new HashMap<>(base);
      env.put("CAPAS_CLASSPATH", Cli.classPath());
      env.put("JAVA_HOME", javaHome());
      List<String> command =
          new ArrayList<>(List.of(LAUNCHER.toString(), "call", server.url(), "echo"));
      command.add("\"" + TEXT + "\"");
      assertRoundTrips(exec(command, env));
    }
  }

  /**
   * Also a non-ASCII file name for {@code @FILE}, which the JDK opens only under a UTF-8 locale. A
   * script makes the name (this JVM's own locale may be C too, where it could not).
   */
  @Test
  void theLauncherOpensANonAsciiFileNameUnderTheCLocale(@TempDir Path dir) throws Exception {
    Path script = dir.resolve("run.sh");
    Files.writeString(
        script,
        """
        f="$3/$(printf '\\303\\261and\\303\\272').json"
        printf '"\\\\u00f1and\\\\u00fa"' > "$f"
        exec "$1" call "$2" echo "@$f"
        """,
        UTF_8);
    Map<String, String> env =
        Map.of(
            "PATH",
            "/usr/local/bin:/usr/bin:/bin",
            "LC_ALL",
            "C",
            "CAPAS_CLASSPATH",
            Cli.classPath(),
            "JAVA_HOME",
            javaHome());
    Result r =
        exec(
            List.of("sh", script.toString(), LAUNCHER.toString(), server.url(), dir.toString()),
            env);
    assertEquals(0, r.exit(), r.err());
    assertEquals("\"ñandú\"\n", r.out());
  }

  @Test
  void lastArgumentsReDecodesTheCommandLineAsUtf8() {
    byte[] cmdline = "java\0-jar\0capas.jar\0call\0\"ñ\"\0".getBytes(UTF_8);
    assertArrayEquals(
        new String[] {"call", "\"ñ\""},
        Argv.lastArguments(cmdline, new String[] {"call", "\"\ufffd\ufffd\""}));
    // A command line that does not match (a wrapper rewrote it) is left as the JDK decoded it.
    assertArrayEquals(
        new String[] {"serve", "x\ufffd"},
        Argv.lastArguments(cmdline, new String[] {"serve", "x\ufffd"}));
  }
}
