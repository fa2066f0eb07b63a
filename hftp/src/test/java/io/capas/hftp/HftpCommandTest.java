package io.capas.hftp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.testing.transport.InMemoryTransport;
import io.capas.transport.Endpoint;
import io.capas.transport.Transport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HftpCommandTest {

  private static final long WAIT_SECONDS = 30;

  @TempDir Path served;
  @TempDir Path downloads;

  private final Transport transport = newTransport();
  private final HftpCommand command = new HftpCommand(transport);
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private @Nullable Future<Integer> serving;
  private String address = "";
  private byte[] content = new byte[0];

  /** The transport the command runs on. */
  Transport newTransport() {
    return InMemoryTransport.create();
  }

  @BeforeEach
  void serve() throws Exception {
    content = AbstractHftpEndToEndTest.randomBytes(3 * 1024 * 1024 + 17, 11);
    content[0] = '\r';
    content[1] = '\n';
    content[2] = 0;
    Files.write(served.resolve("data.bin"), content);
    Files.writeString(served.resolve("a.txt"), "a");
    LineCollector ready = new LineCollector();
    PrintStream readyOut = new PrintStream(ready, true, UTF_8);
    serving =
        executor.submit(
            () ->
                command.run(
                    new String[] {
                      "serve", "--dir", served.toString(), "--port", "0", "--host", "127.0.0.1"
                    },
                    readyOut,
                    System.err));
    String line = ready.lines.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    assertNotNull(line, "serve printed no ready line");
    assertTrue(line.startsWith("hftp: serving " + served.toRealPath() + " on 127.0.0.1:"), line);
    address = line.substring(line.lastIndexOf(' ') + 1);
  }

  @AfterEach
  void stopServing() throws Exception {
    if (serving != null) {
      serving.cancel(true); // interrupts the serving thread
    }
    executor.shutdown();
    assertTrue(executor.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS), "serve did not stop");
  }

  private Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        command.run(args, new PrintStream(out, true, UTF_8), new PrintStream(err, true, UTF_8));
    return new Result(code, out.toByteArray(), err.toString(UTF_8));
  }

  // A test's capture of standard output as bytes, never compared or shared.
  private record Result(
      int code, @SuppressWarnings("ArrayRecordComponent") byte[] out, String err) {
    String text() {
      return new String(out, UTF_8);
    }
  }

  @Test
  void listsTheServedFiles() {
    Result result = run("ls", address);
    assertEquals(0, result.code(), result.err());
    assertEquals(
        "a.txt" + System.lineSeparator() + "data.bin" + System.lineSeparator(), result.text());
  }

  @Test
  void getDownloadsAFileByteForByte() throws IOException {
    Path target = downloads.resolve("copy.bin");
    Result result = run("get", address, "data.bin", "--out", target.toString());
    assertEquals(0, result.code(), result.err());
    assertArrayEquals(content, Files.readAllBytes(target));
    assertEquals(List.of(target), listing(downloads), "no temporary file is left behind");
  }

  @Test
  void getWritesToStandardOutputWhenAskedTo() {
    Result result = run("get", address, "data.bin", "--out", "-");
    assertEquals(0, result.code(), result.err());
    assertArrayEquals(content, result.out());
  }

  @Test
  void getOfAMissingFileFailsAndLeavesNothing() throws IOException {
    Path target = downloads.resolve("missing.bin");
    Result result = run("get", address, "missing.bin", "--out", target.toString());
    assertEquals(HftpCommand.EXIT_FAILURE, result.code());
    assertTrue(result.err().contains("202 FILE NOT FOUND"), result.err());
    assertEquals(List.of(), listing(downloads));
  }

  @Test
  void unreachableServerIsAFailure() {
    Result result = run("ls", "127.0.0.1:1");
    assertEquals(HftpCommand.EXIT_FAILURE, result.code());
    assertFalse(result.err().isEmpty());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "fetch",
        "ls",
        "ls a b",
        "ls host:notaport",
        "ls host:70000",
        "get host",
        "get host f --out",
        "get host f --output x",
        "get host f --out x --out y",
        "serve extra",
        "serve --port -1",
        "serve --dir /nonexistent/hftp/dir",
        "serve --host 127.0.0.1 --bind 127.0.0.1"
      })
  void badUsageExitsWithTwo(String args) {
    Result result = run(args.isEmpty() ? new String[0] : args.split(" "));
    assertEquals(HftpCommand.EXIT_USAGE, result.code(), result.err());
    assertTrue(result.err().contains("usage: hftp"), result.err());
  }

  @Test
  void parsesServerAddresses() throws Exception {
    assertEquals(Endpoint.of("host", 19500), HftpCommand.server("host"));
    assertEquals(Endpoint.of("host", 7), HftpCommand.server("host:7"));
    assertEquals(Endpoint.of("::1", 19500), HftpCommand.server("[::1]"));
    assertEquals(Endpoint.of("::1", 7), HftpCommand.server("[::1]:7"));
    assertEquals(Endpoint.of("::1", 19500), HftpCommand.server("::1"));
  }

  @Test
  void serveBindsLoopbackUnlessTold() throws Exception {
    LineCollector ready = new LineCollector();
    PrintStream readyOut = new PrintStream(ready, true, UTF_8);
    Future<Integer> loopback =
        executor.submit(
            () ->
                command.run(
                    new String[] {"serve", "--dir", served.toString(), "--port", "0"},
                    readyOut,
                    System.err));
    try {
      String line = ready.lines.poll(WAIT_SECONDS, TimeUnit.SECONDS);
      assertNotNull(line, "serve printed no ready line");
      assertTrue(line.startsWith("hftp: serving " + served.toRealPath() + " on 127.0.0.1:"), line);
      Result result = run("ls", line.substring(line.lastIndexOf(' ') + 1));
      assertEquals(0, result.code(), result.err());
    } finally {
      loopback.cancel(true);
    }
  }

  @Test
  void serveStopsWhenInterrupted() throws Exception {
    Future<Integer> running = serving;
    assertNotNull(running);
    running.cancel(true);
    assertThrows(CancellationException.class, running::get);
    executor.shutdown();
    assertTrue(executor.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS), "serve did not stop");
    Result result = run("ls", address);
    assertEquals(HftpCommand.EXIT_FAILURE, result.code(), "the server is closed");
  }

  private static List<Path> listing(Path dir) throws IOException {
    try (var entries = Files.list(dir)) {
      return entries.toList();
    }
  }

  /** Hands every complete line written to it to a queue. */
  private static final class LineCollector extends OutputStream {
    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    @Override
    public synchronized void write(int b) {
      if (b == '\n') {
        lines.add(line.toString(UTF_8).stripTrailing());
        line.reset();
      } else {
        line.write(b);
      }
    }
  }
}
