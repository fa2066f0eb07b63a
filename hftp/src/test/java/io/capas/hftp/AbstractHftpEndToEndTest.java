package io.capas.hftp;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.transport.Connection;
import io.capas.transport.Endpoint;
import io.capas.transport.Transport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HFTP end to end: a real {@link HftpServer} and clients over the transport (and server model) a
 * subclass supplies.
 */
abstract class AbstractHftpEndToEndTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final byte[] HELLO = "hello, world\n".getBytes(US_ASCII);

  @TempDir Path dir;

  private final List<AutoCloseable> toClose = new ArrayList<>();
  private Transport transport;
  private HftpServer server;

  /** A fresh transport; closed after the test if it is {@link AutoCloseable}. */
  protected abstract Transport newTransport() throws IOException;

  @BeforeEach
  void start() throws IOException {
    transport = newTransport();
    if (transport instanceof AutoCloseable closeable) {
      toClose.add(closeable);
    }
    Files.write(dir.resolve("hello.txt"), HELLO);
    Files.write(dir.resolve("empty"), new byte[0]);
    server = serve(dir);
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable closeable : toClose.reversed()) {
      closeable.close();
    }
  }

  private HftpServer serve(Path directory) throws IOException {
    HftpServer started = HftpServer.start(transport, directory, Endpoint.of("127.0.0.1", 0));
    toClose.add(started);
    return started;
  }

  private Endpoint address(HftpServer of) {
    return Endpoint.of("127.0.0.1", of.address().getPort());
  }

  private HftpClient client() throws IOException {
    HftpClient client = HftpClient.connect(transport, address(server));
    toClose.add(client);
    return client;
  }

  private Connection raw() throws IOException {
    Connection connection = transport.connect(address(server), WAIT);
    toClose.add(connection);
    connection.readTimeout(WAIT);
    return connection;
  }

  private static void send(Connection connection, String text) throws IOException {
    connection.sendAll(text.getBytes(US_ASCII));
  }

  @Test
  void listsOneThousandFiles() throws IOException {
    Path many = Files.createDirectory(dir.resolve("many"));
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      String name = String.format("file-%04d.txt", i);
      Files.writeString(many.resolve(name), name);
      names.add(name);
    }
    HftpServer manyServer = serve(many);
    try (HftpClient client = HftpClient.connect(transport, address(manyServer))) {
      assertEquals(names, client.listFiles());
      assertEquals(13, client.metadata("file-0999.txt"));
      client.quit();
    }
  }

  @Test
  void servesAnEmptyFile() throws IOException {
    HftpClient client = client();
    assertEquals(0, client.metadata("empty"));
    assertArrayEquals(new byte[0], client.slice("empty", 0, 0));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertEquals(0, client.get("empty", out));
    assertEquals(0, out.size());
    HftpStatusException e =
        assertThrows(HftpStatusException.class, () -> client.slice("empty", 0, 1));
    assertEquals(HftpStatus.OFFSET_EXCEEDS_FILE_SIZE, e.status());
  }

  @Test
  void servesPartialSlices() throws IOException {
    byte[] content = randomBytes(10_000, 1);
    Files.write(dir.resolve("data.bin"), content);
    HftpClient client = client();
    int[][] slices = {{0, 1}, {1, 2}, {2, 3}, {0, 10_000}, {9_999, 1}, {10_000, 0}, {4_321, 777}};
    for (int[] slice : slices) {
      assertArrayEquals(
          Arrays.copyOfRange(content, slice[0], slice[0] + slice[1]),
          client.slice("data.bin", slice[0], slice[1]),
          "slice " + Arrays.toString(slice));
    }
    for (int[] bad : new int[][] {{10_001, 0}, {9_999, 2}, {0, 10_001}}) {
      HftpStatusException e =
          assertThrows(HftpStatusException.class, () -> client.slice("data.bin", bad[0], bad[1]));
      assertEquals(HftpStatus.OFFSET_EXCEEDS_FILE_SIZE, e.status());
    }
    HftpStatusException e =
        assertThrows(HftpStatusException.class, () -> client.slice("missing.bin", 0, 1));
    assertEquals(HftpStatus.FILE_NOT_FOUND, e.status());
    assertArrayEquals(content, Arrays.copyOf(client.slice("data.bin", 0, 10_000), 10_000));
  }

  @Test
  void roundTripsA32MibBinaryFileByteForByte() throws Exception {
    byte[] content = randomBytes(32 * 1024 * 1024, 32);
    for (int i = 0; i < 256; i++) {
      content[i] = (byte) i; // every byte value, NUL, CR and LF included
    }
    Files.write(dir.resolve("big.bin"), content);
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    HftpClient client = client();
    try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
      assertEquals(content.length, client.get("big.bin", out));
    }
    assertArrayEquals(sha256(content), digest.digest());
    client.quit();
  }

  @Test
  void servesConcurrentClients() throws Exception {
    byte[] content = randomBytes(3 * 1024 * 1024 + 5, 7);
    Files.write(dir.resolve("shared.bin"), content);
    byte[] expected = sha256(content);
    int clients = 8;
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<byte[]>> downloads = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        downloads.add(
            pool.submit(
                () -> {
                  try (HftpClient client =
                      new HftpClient(transport.connect(address(server), WAIT), 256 * 1024)) {
                    assertEquals(List.of("empty", "hello.txt", "shared.bin"), client.listFiles());
                    MessageDigest digest = MessageDigest.getInstance("SHA-256");
                    client.get(
                        "shared.bin",
                        new DigestOutputStream(OutputStream.nullOutputStream(), digest));
                    client.quit();
                    return digest.digest();
                  }
                }));
      }
      for (Future<byte[]> download : downloads) {
        assertArrayEquals(expected, download.get(WAIT.toSeconds(), TimeUnit.SECONDS));
      }
    }
  }

  @Test
  void readsAFiveMibFileNameToItsEndWhileServingOthers() throws IOException {
    Connection slow = raw();
    byte[] half = new byte[5 * 1024 * 1024 / 2];
    Arrays.fill(half, (byte) 'n');
    send(slow, "get_metadata ");
    slow.sendAll(half);
    // another client is served while the long line is half read
    HftpClient other = client();
    assertEquals(HELLO.length, other.metadata("hello.txt"));
    slow.sendAll(half);
    send(slow, "\r\nget_metadata hello.txt\r\n");
    ResponseReader reader = new ResponseReader(slow.input());
    assertEquals(HftpStatus.FILE_NOT_FOUND, reader.readStatus());
    assertEquals(HftpStatus.OK, reader.readStatus());
    assertEquals("13", reader.readLine(20));
    other.quit();
  }

  @Test
  void understandsCommandsSentOneCharacterAtATime() throws IOException {
    Connection connection = raw();
    for (byte b : "get_slice hello.txt 0 5\r\nquit\r\n".getBytes(US_ASCII)) {
      connection.sendAll(new byte[] {b});
    }
    ResponseReader reader = new ResponseReader(connection.input());
    assertEquals(HftpStatus.OK, reader.readStatus());
    assertEquals("aGVsbG8=", reader.readLine(100));
    assertEquals(HftpStatus.OK, reader.readStatus());
    assertEquals(-1, connection.input().read());
  }

  @Test
  void answersTwoCommandsInOnePacketInOrder() throws IOException {
    Connection connection = raw();
    send(connection, "get_metadata hello.txt\r\nget_metadata empty\r\n");
    ResponseReader reader = new ResponseReader(connection.input());
    assertEquals(HftpStatus.OK, reader.readStatus());
    assertEquals("13", reader.readLine(20));
    assertEquals(HftpStatus.OK, reader.readStatus());
    assertEquals("0", reader.readLine(20));
  }

  @Test
  void quitClosesTheConnectionWithinHalfASecond() throws IOException {
    Connection connection = raw();
    send(connection, "quit\r\n");
    ResponseReader reader = new ResponseReader(connection.input());
    assertEquals(HftpStatus.OK, reader.readStatus());
    // the server must close by itself: a read that waits longer than 0.5 s fails the test
    connection.readTimeout(Duration.ofMillis(500));
    assertEquals(-1, connection.input().read());
  }

  @Test
  void badEolIsAnsweredAndTheConnectionClosed() throws IOException {
    Connection connection = raw();
    send(connection, "qui\nt\r\n");
    ResponseReader reader = new ResponseReader(connection.input());
    assertEquals(HftpStatus.BAD_EOL, reader.readStatus());
    assertEquals(-1, connection.input().read());
  }

  @Test
  void commandErrorsLeaveTheConnectionUsable() throws IOException {
    Connection connection = raw();
    send(
        connection,
        """
        verdura\r
        get_slice hello.txt x 1\r
        get_metadata\r
        get_metadata ../etc\r
        get_slice hello.txt 0 99\r
        get_metadata hello.txt\r
        """);
    ResponseReader reader = new ResponseReader(connection.input());
    assertEquals(HftpStatus.NO_SUCH_COMMAND, reader.readStatus());
    assertEquals(HftpStatus.INVALID_ARGUMENTS, reader.readStatus());
    assertEquals(HftpStatus.INVALID_ARGUMENTS, reader.readStatus());
    assertEquals(HftpStatus.FILE_NOT_FOUND, reader.readStatus());
    assertEquals(HftpStatus.OFFSET_EXCEEDS_FILE_SIZE, reader.readStatus());
    assertEquals(HftpStatus.OK, reader.readStatus());
    assertEquals("13", reader.readLine(20));
  }

  @Test
  void aClientVanishingMidResponseCostsOnlyItsConnection() throws Exception {
    Files.write(dir.resolve("big.bin"), randomBytes(8 * 1024 * 1024, 3));
    int before = server.activeConnections();
    Connection vanishing = raw();
    send(vanishing, "get_slice big.bin 0 8388608\r\n");
    assertEquals("0 OK", new String(vanishing.receiveExactly(4), US_ASCII));
    vanishing.close();
    awaitTrue(() -> server.activeConnections() <= before, "the vanished client's connection ends");
    HftpClient client = client();
    assertEquals(8 * 1024 * 1024, client.metadata("big.bin"));
  }

  private static void awaitTrue(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting: " + what);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5)); // re-check soon, until deadline
    }
  }

  static byte[] randomBytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static byte[] sha256(byte[] data) throws NoSuchAlgorithmException {
    return MessageDigest.getInstance("SHA-256").digest(data);
  }
}
