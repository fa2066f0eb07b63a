package io.capas.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.rpc.RpcServer;
import io.capas.rpc.ServerInterceptor;
import io.capas.transport.Endpoint;
import io.capas.transport.tcp.TcpConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: {@code capas call} arguments from a file ({@code @FILE}) and from standard input
 * ({@code -}), {@code --header} and {@code --user}, as a server handler sees them.
 */
class CallArgumentsTest {
  private static RpcServer server;
  private static RpcServer guarded;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    server =
        ExampleMethods.register(http())
            .addMethod(
                "headers",
                (context, params) -> {
                  Map<String, Object> seen = new LinkedHashMap<>();
                  for (Object name : params) {
                    seen.put((String) name, context.header((String) name).orElse("(none)"));
                  }
                  return seen;
                })
            .start();
    guarded =
        http()
            .intercept(ServerInterceptor.basicAuth("ana", "s3cret ñ:x"))
            .addMethod("whoami", (context, params) -> context.principal().orElse("(nobody)"))
            .start();
  }

  private static RpcServer http() {
    return DaggerXmlRpcHttpTcpComponent.factory()
        .create(TcpConfig.defaults())
        .servers()
        .create(Endpoint.of("127.0.0.1", 0));
  }

  @AfterAll
  static void stop() {
    server.close();
    guarded.close();
  }

  @Test
  void aOneMebibyteArgumentFromAFileRoundTrips() throws Exception {
    String big = "ñ".repeat(512 * 1024) + "x".repeat(1024); // 1 MiB + 1 KiB of UTF-8
    Path file = dir.resolve("args.json");
    Files.writeString(file, "\"" + big + "\"", UTF_8);
    assertTrue(Files.size(file) > 1 << 20);
    Cli.Run r = Cli.run("call", server.url(), "echo", "@" + file);
    assertEquals(0, r.exit(), r.err());
    assertEquals("\"" + big + "\"\n", r.out());
  }

  @Test
  void anArgumentFromStandardInputBesideOthers() {
    byte[] stdin = "{\"list\": [1, 2.5, \"ü\"],\n \"big\": 4294967296}\n".getBytes(UTF_8);
    Cli.Run echo = Cli.run(stdin, "call", server.url(), "echo", "-");
    assertEquals(new Cli.Run(0, "{\"list\": [1, 2.5, \"ü\"], \"big\": 4294967296}\n", ""), echo);
    Cli.Run sum = Cli.run("7".getBytes(UTF_8), "call", server.url(), "suma", "-", "-3");
    assertEquals(new Cli.Run(0, "4\n", ""), sum);
  }

  @Test
  void aOneMebibyteArgumentFromStandardInput() {
    String big = "a".repeat(1 << 20);
    Cli.Run r = Cli.run(("\"" + big + "\"").getBytes(UTF_8), "call", server.url(), "echo", "-");
    assertEquals(0, r.exit(), r.err());
    assertEquals("\"" + big + "\"\n", r.out());
  }

  @Test
  void badFilesAndInputsAreOneLineUsageErrors() throws Exception {
    Path latin1 = dir.resolve("latin1.json");
    Files.write(latin1, new byte[] {'"', (byte) 0xf1, '"'});
    Path broken = dir.resolve("broken.json");
    Files.writeString(broken, "[1, 2", UTF_8);
    for (String[] args :
        new String[][] {
          {"call", server.url(), "echo", "@" + dir.resolve("missing.json")},
          {"call", server.url(), "echo", "@" + latin1},
          {"call", server.url(), "echo", "@" + broken},
          {"call", server.url(), "suma", "-", "-"},
          {"call", server.url(), "echo", "-"},
        }) {
      Cli.Run r = Cli.run(args);
      String shown = String.join(" ", args) + " -> " + r;
      assertEquals(2, r.exit(), shown);
      assertEquals("", r.out(), shown);
      assertEquals(1, r.err().lines().count(), shown);
    }
    assertTrue(Cli.run("call", server.url(), "echo", "@" + latin1).err().contains("not UTF-8"));
    assertTrue(Cli.run("call", server.url(), "suma", "-", "-").err().contains("only one"));
  }

  @Test
  void headersReachTheHandler() {
    Cli.Run r =
        Cli.run(
            "call",
            "--header",
            "X-Request-Id: 42",
            "--header",
            "X-Tenant:acme",
            server.url(),
            "headers",
            "\"X-Request-Id\"",
            "\"x-tenant\"",
            "\"X-Absent\"");
    assertEquals(
        new Cli.Run(
            0,
            "{\"X-Request-Id\": \"42\", \"x-tenant\": \"acme\", \"X-Absent\": \"(none)\"}\n",
            ""),
        r);
  }

  @Test
  void badHeadersAreRefusedBeforeAnythingIsSent() {
    for (String header :
        new String[] {"NoColon", ": value", "Bad Name: x", "X-Evil: a\r\nHost: b"}) {
      Cli.Run r = Cli.run("call", "--header", header, server.url(), "suma", "1", "2");
      assertEquals(2, r.exit(), header + " -> " + r);
      assertEquals(1, r.err().lines().count(), r.err());
    }
    Cli.Run udp = Cli.run("call", "--header", "X-A: 1", "udp://127.0.0.1:9", "suma", "1", "2");
    assertEquals(2, udp.exit());
    assertTrue(udp.err().contains("need an HTTP URL"), udp.err());
    // Checked before the password is asked for: no prompt for a call that cannot carry it.
    Cli.Run user =
        Cli.run("pw\n".getBytes(UTF_8), "call", "--user", "ana", "udp://127.0.0.1:9", "x");
    assertEquals(
        new Cli.Run(
            2, "", "capas call: --header and --user need an HTTP URL, not udp://127.0.0.1:9\n"),
        user);
  }

  @Test
  void userWithPasswordIsTheHandlersPrincipal() {
    assertEquals(
        new Cli.Run(0, "\"ana\"\n", ""),
        Cli.run("call", "--user", "ana:s3cret ñ:x", guarded.url(), "whoami"));
  }

  @Test
  void userWithoutPasswordReadsItFromStandardInputWhenThereIsNoConsole() {
    Cli.Run r =
        Cli.run(
            "s3cret ñ:x\nrest\n".getBytes(UTF_8), "call", "--user", "ana", guarded.url(), "whoami");
    assertEquals(0, r.exit(), r.toString());
    assertEquals("\"ana\"\n", r.out());
    assertEquals("Password for ana: ", r.err());
  }

  /**
   * On a terminal the password is read from the console without echo: a real process on a pseudo
   * terminal ({@code script(1)}, from util-linux) with the password typed into it.
   */
  @Test
  void userWithoutPasswordAsksOnTheConsole() throws Exception {
    StringBuilder command = new StringBuilder();
    for (String word :
        Cli.javaCommand("io.capas.cli.Main", "call", "--user", "ana", guarded.url(), "whoami")) {
      command.append('\'').append(word.replace("'", "'\\''")).append("' ");
    }
    ProcessBuilder builder =
        new ProcessBuilder("script", "-qec", command.toString(), "/dev/null")
            .redirectErrorStream(true);
    builder.environment().put("LC_ALL", "C.UTF-8"); // the terminal's text is UTF-8
    Process process = builder.start();
    try {
      process.getOutputStream().write("s3cret \u00f1:x\n".getBytes(UTF_8));
      process.getOutputStream().flush();
      CompletableFuture<String> output =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return new String(process.getInputStream().readAllBytes(), UTF_8);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
      assertTrue(process.waitFor(60, TimeUnit.SECONDS), "capas call did not finish");
      String shown = output.get(10, TimeUnit.SECONDS);
      assertEquals(0, process.exitValue(), shown);
      assertTrue(shown.contains("Password for ana: "), shown);
      assertTrue(shown.strip().endsWith("\"ana\""), shown);
    } finally {
      process.destroyForcibly();
    }
  }

  @Test
  void aWrongOrMissingPasswordIsRefused() {
    Cli.Run wrong = Cli.run("call", "--user", "ana:guess", guarded.url(), "whoami");
    assertEquals(2, wrong.exit(), wrong.toString());
    assertTrue(wrong.err().contains("401"), wrong.err());
    Cli.Run none = Cli.run("call", guarded.url(), "whoami");
    assertEquals(2, none.exit(), none.toString());
    Cli.Run noInput = Cli.run("call", "--user", "ana", guarded.url(), "whoami");
    assertEquals(2, noInput.exit(), noInput.toString());
    assertTrue(noInput.err().contains("no password"), noInput.err());
    Cli.Run both =
        Cli.run("x\n".getBytes(UTF_8), "call", "--user", "ana", guarded.url(), "whoami", "-");
    assertEquals(2, both.exit(), both.toString());
  }

  @Test
  void paramsReadsEachFormInOrder() throws Exception {
    Path file = dir.resolve("one.json");
    Files.writeString(file, "\uFEFF[true]", UTF_8);
    assertEquals(
        List.of(1, List.of(true), "in"),
        CallArguments.params(
            List.of("1", "@" + file, "-"), new ByteArrayInputStream("\"in\"".getBytes(UTF_8))));
  }
}
