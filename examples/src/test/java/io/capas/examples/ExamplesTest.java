package io.capas.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.socket.UdpSocket;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every example through {@link Examples#run}, as {@code capas example NAME} runs it: each server on
 * a free loopback port with its client against it, and the programs that need no server alone.
 */
class ExamplesTest {

  @TempDir static Path files;

  /**
   * server, its arguments, client, the client's arguments ({@code PORT} is the server's port),
   * client input, what the client prints (or, when it starts with {@code server:}, a line the
   * server prints).
   */
  static Stream<Arguments> pairs() {
    return Stream.of(
        Arguments.of("suma-server", List.of(), "suma-client", List.of(), "", "5\n"),
        Arguments.of(
            "echo-server",
            List.of(),
            "echo-client",
            List.of(),
            "hola\nqué tal\nexit\nno\n",
            "hola\nqué tal\n"),
        Arguments.of(
            "is-even-server", List.of(), "is-even-client", List.of(), "2\n7\n0\n", "2 es Par\n"),
        Arguments.of(
            "udp-uppercase-server",
            List.of(),
            "udp-uppercase-client",
            List.of("hola", "adiós"),
            "",
            "HOLA\nADIÓS\n"),
        Arguments.of(
            "udp-uppercase-server",
            List.of(),
            "udp-retry-client",
            List.of("hola"),
            "",
            "The server says HOLA\n"),
        Arguments.of(
            "tcp-uppercase-server",
            List.of("sequential"),
            "tcp-uppercase-client",
            List.of("una línea más larga que un envío", "dos"),
            "",
            "UNA LÍNEA MÁS LARGA QUE UN ENVÍO\nDOS\n"),
        Arguments.of(
            "tcp-uppercase-server",
            List.of("threads"),
            "tcp-uppercase-client",
            List.of("hola"),
            "",
            "HOLA\n"),
        Arguments.of(
            "tcp-uppercase-server",
            List.of("pool"),
            "tcp-uppercase-client",
            List.of("hola"),
            "",
            "HOLA\n"),
        Arguments.of(
            "tcp-uppercase-server",
            List.of("multiplex"),
            "tcp-uppercase-client",
            List.of("hola"),
            "",
            "HOLA\n"),
        Arguments.of(
            "recvall-server",
            List.of(),
            "recvall-client",
            List.of(),
            "",
            "server:  Incoming sixteen-octet message: Hi there, server"),
        Arguments.of(
            "recvall-server",
            List.of(),
            "recvall-client",
            List.of(),
            "",
            "The server said Farewell, client"),
        Arguments.of(
            "blocks-server",
            List.of(),
            "blocks-client",
            List.of(),
            "",
            "server:Block says: 'Beautiful is better than ugly.'"),
        Arguments.of(
            "xmlrpc-server",
            List.of(),
            "xmlrpc-client",
            List.of(),
            "",
            "xyz\n15\n[0.0, 8.0]\n[-1.0]\n[1, 2.0, 'three']\n"),
        Arguments.of(
            "chat-server",
            List.of(),
            "chat-client",
            List.of(),
            "hola\n¿qué tal?\nexit\n",
            "Respuesta asociada al mensaje: hola\nRespuesta asociada al mensaje: ¿qué tal?\n"));
  }

  @ParameterizedTest(name = "{0} {1} + {2}")
  @MethodSource("pairs")
  void clientTalksToItsServer(
      String server,
      List<String> serverArgs,
      String client,
      List<String> clientArgs,
      String input,
      String expected)
      throws Exception {
    List<String> args = new ArrayList<>(serverArgs);
    args.addAll(List.of("127.0.0.1", "0"));
    try (ExampleRun run = new ExampleRun(server, args)) {
      List<String> cargs = new ArrayList<>(List.of("127.0.0.1", String.valueOf(run.port)));
      cargs.addAll(clientArgs);
      ExampleRun.Result result = ExampleRun.client(client, cargs, input);
      assertEquals(0, result.code(), result::err);
      if (expected.startsWith("server:")) {
        String wanted = expected.substring("server:".length());
        assertTrue(serverPrinted(run, wanted), () -> server + " never printed " + wanted);
      } else {
        assertTrue(result.out().contains(expected), () -> result.out());
      }
    }
  }

  private static boolean serverPrinted(ExampleRun run, String wanted) throws InterruptedException {
    // Bounded: at most 100 lines, each waited for at most ExampleRun.WAIT.
    for (int i = 0; i < 100; i++) {
      String line = run.nextLine();
      if (line == null) {
        return false;
      }
      if (line.equals(wanted)) {
        return true;
      }
    }
    return false;
  }

  @Test
  void isEvenClientAnswersEachNumberUntilOneBelowOne() throws Exception {
    try (ExampleRun run = new ExampleRun("is-even-server", List.of("127.0.0.1", "0"))) {
      ExampleRun.Result result =
          ExampleRun.client(
              "is-even-client",
              List.of("127.0.0.1", String.valueOf(run.port)),
              "2\n7\ndos\n10\n-1\n4\n");
      assertEquals(0, result.code(), result::err);
      List<String> answers =
          result
              .out()
              .lines()
              .map(l -> l.replace(IsEven.PROMPT, ""))
              .filter(l -> !l.isEmpty())
              .toList();
      assertEquals(
          List.of("2 es Par", "7 es Impar", "'dos' no es un número", "10 es Par"), answers);
    }
  }

  @Test
  void broadcastReachesAServerBoundToTheLoopbackBroadcastAddress() throws Exception {
    try (ExampleRun run =
        new ExampleRun("broadcast-server", List.of(Broadcast.LOOPBACK_BROADCAST, "0"))) {
      ExampleRun.Result result =
          ExampleRun.client(
              "broadcast-client",
              List.of(Broadcast.LOOPBACK_BROADCAST, String.valueOf(run.port), "¡a todos!"),
              "");
      assertEquals(0, result.code(), result::err);
      String line = run.nextLine();
      assertNotNull(line);
      assertTrue(line.startsWith("The client at /127.0.0.1:"), line);
      assertTrue(line.endsWith(" says: ¡a todos!"), line);
    }
  }

  @Test
  void hftpClientListsAndDownloads() throws Exception {
    Path served = Files.createDirectories(files.resolve("served"));
    Files.writeString(served.resolve("hola.txt"), "hola\n");
    byte[] binary = new byte[300_000];
    new Random(18).nextBytes(binary);
    Files.write(served.resolve("datos.bin"), binary);
    try (ExampleRun run =
        new ExampleRun("hftp-server", List.of(served.toString(), "127.0.0.1", "0"))) {
      String port = String.valueOf(run.port);
      ExampleRun.Result listing = ExampleRun.client("hftp-client", List.of("127.0.0.1", port), "");
      assertEquals(0, listing.code(), listing::err);
      assertEquals(
          Set.of("hola.txt 5", "datos.bin 300000"), new HashSet<>(listing.out().lines().toList()));
      Path target = files.resolve("copia.bin");
      ExampleRun.Result get =
          ExampleRun.client(
              "hftp-client", List.of("127.0.0.1", port, "datos.bin", target.toString()), "");
      assertEquals(0, get.code(), get::err);
      assertTrue(Arrays.equals(binary, Files.readAllBytes(target)));
    }
  }

  @Test
  void udpRetryClientGivesUpWhenNothingAnswers() throws IOException {
    // A bound socket that never answers: every send times out.
    try (UdpSocket silent = UdpSocket.bind("127.0.0.1", 0)) {
      ExampleRun.Result result =
          ExampleRun.client(
              "udp-retry-client", List.of("127.0.0.1", String.valueOf(silent.port())), "");
      assertEquals(1, result.code(), result::err);
      assertEquals(
          List.of(
              "Waiting up to 0.1 seconds for a reply",
              "Waiting up to 0.2 seconds for a reply",
              "Waiting up to 0.4 seconds for a reply",
              "Waiting up to 0.8 seconds for a reply",
              "Waiting up to 1.6 seconds for a reply",
              "server seems down"),
          result.out().lines().toList());
    }
  }

  @Test
  void dnsLooksUpLocalhostAndReportsTheUnknownName() {
    ExampleRun.Result result = ExampleRun.client("dns", List.of(), "");
    assertEquals(0, result.code(), result::out);
    assertTrue(result.out().contains("gethostbyname('localhost') -> 127.0.0.1\n"), result::out);
    assertTrue(result.out().contains("gethostbyaddr('127.0.0.1') -> "), result::out);
    assertTrue(result.out().contains("getaddrinfo('localhost', 80) -> ["), result::out);
    assertTrue(
        result.out().contains("gethostbyname('no-such-host.invalid') -> gaierror"), result::out);
  }

  @Test
  void byteOrderPacksNetworkOrder() {
    ExampleRun.Result result = ExampleRun.client("byte-order", List.of(), "");
    assertEquals(0, result.code(), result::err);
    assertTrue(result.out().startsWith("pack('!i', 1234) -> 00 00 04 d2\n"), result::out);
    assertTrue(result.out().contains("pack('<i', 1234) -> d2 04 00 00\n"), result::out);
    assertTrue(result.out().contains("-> 1234\n"), result::out);
  }

  @Test
  void zlibCompressesLikePython() {
    ExampleRun.Result result = ExampleRun.client("zlib", List.of(), "");
    assertEquals(0, result.code(), result::err);
    // python3 -c "import zlib; print(zlib.compress(b'Python').hex(' '))"
    assertTrue(
        result
            .out()
            .startsWith("zlib.compress(b'Python') -> 78 9c 0b a8 2c c9 c8 cf 03 00 08 97 02 83\n"),
        result::out);
    assertTrue(result.out().contains("zlib.decompress(...) -> Python\n"), result::out);
    assertTrue(result.out().endsWith("left after both streams: sockets\n"), result::out);
  }

  @ParameterizedTest
  @ValueSource(strings = {"nope", ""})
  void anUnknownExampleIsAUsageError(String name) {
    ExampleRun.Result result = ExampleRun.client(name, List.of(), "");
    assertEquals(2, result.code());
    assertTrue(result.err().contains("unknown example"), result::err);
    assertTrue(result.err().contains("suma-server"), result::err);
  }

  @Test
  void aBadPortIsOneLine() {
    ExampleRun.Result result = ExampleRun.client("suma-client", List.of("127.0.0.1", "80000"), "");
    assertEquals(2, result.code());
    assertEquals("suma-client: IllegalArgumentException: port out of range: 80000\n", result.err());
  }

  @Test
  void everyExampleIsInTheReadme() throws IOException {
    String readme = Files.readString(Path.of("README.md"), UTF_8);
    for (Examples.Example example : Examples.all()) {
      assertTrue(
          readme.contains("./capas example " + example.name()),
          () -> example.name() + " missing from examples/README.md");
    }
    assertFalse(Examples.all().isEmpty());
  }
}
