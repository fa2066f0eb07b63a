package io.capas.hftp;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.testing.codec.Splits;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HftpSessionTest {

  @TempDir Path dir;
  @TempDir Path outside;

  private FileStore files;

  @BeforeEach
  void files() throws IOException {
    Files.writeString(dir.resolve("hello.txt"), "hello, world\n", US_ASCII);
    Files.write(dir.resolve("empty"), new byte[0]);
    files = new FileStore(dir);
  }

  private static ByteBuffer ascii(String text) {
    return ByteBuffer.wrap(text.getBytes(US_ASCII));
  }

  private RecordingSessionContext run(List<ByteBuffer> chunks) throws IOException {
    return run(chunks, HftpLimits.defaults());
  }

  private RecordingSessionContext run(List<ByteBuffer> chunks, HftpLimits limits)
      throws IOException {
    RecordingSessionContext context = new RecordingSessionContext();
    HftpSession session = new HftpSession(context, files, limits);
    // drive it like a server does: unconsumed bytes are offered again with the next chunk
    ByteBuffer pending = ByteBuffer.allocate(0);
    for (ByteBuffer chunk : chunks) {
      ByteBuffer data = ByteBuffer.allocate(pending.remaining() + chunk.remaining());
      data.put(pending).put(chunk).flip();
      session.onData(data);
      pending = data;
    }
    assertFalse(pending.hasRemaining(), "the session consumes every byte it is offered");
    return context;
  }

  @Test
  void answersAConversationIdenticallyAtEverySplit() throws IOException {
    String requests =
        """
        get_file_listing\r
        get_metadata hello.txt\r
        get_slice hello.txt 7 5\r
        get_metadata nope\r
        get_slice hello.txt 10 4\r
        verdura\r
        get_slice empty 0 0\r
        quit\r
        """;
    String expected =
        "0 OK\r\nempty\r\nhello.txt\r\n\r\n"
            + "0 OK\r\n13\r\n"
            + "0 OK\r\n"
            + Base64.getEncoder().encodeToString("world".getBytes(US_ASCII))
            + "\r\n"
            + "202 FILE NOT FOUND\r\n"
            + "203 OFFSET EXCEEDS FILE SIZE\r\n"
            + "200 NO SUCH COMMAND\r\n"
            + "0 OK\r\n\r\n"
            + "0 OK\r\n";
    for (List<ByteBuffer> chunks : Splits.all(requests.getBytes(US_ASCII), 10)) {
      RecordingSessionContext context = run(chunks);
      assertEquals(expected, context.text());
      assertTrue(context.closed());
    }
  }

  @Test
  void answersEveryRequestOfOnePacketInOneFlush() throws IOException {
    RecordingSessionContext context =
        run(List.of(ascii("get_metadata hello.txt\r\nget_metadata empty\r\n")));
    assertEquals("0 OK\r\n13\r\n0 OK\r\n0\r\n", context.text());
    assertEquals(1, context.writes());
    assertFalse(context.closed());
  }

  @Test
  void quitClosesAndIgnoresWhatFollows() throws IOException {
    RecordingSessionContext context =
        run(List.of(ascii("quit\r\nget_file_listing\r\n"), ascii("get_file_listing\r\n")));
    assertEquals("0 OK\r\n", context.text());
    assertTrue(context.closed());
  }

  @Test
  void badEolIsAnsweredThenTheConnectionClosed() throws IOException {
    RecordingSessionContext context =
        run(List.of(ascii("get_metadata empty\r\nqui\nt\r\nget_file_listing\r\n")));
    assertEquals("0 OK\r\n0\r\n100 BAD EOL\r\n", context.text());
    assertTrue(context.closed());
  }

  @Test
  void badBytesAreAFatalBadRequest() throws IOException {
    RecordingSessionContext context = run(List.of(ascii("get_metadata a\0b\r\nquit\r\n")));
    assertEquals("101 BAD REQUEST\r\n", context.text());
    assertTrue(context.closed());
  }

  @Test
  void argumentErrorsAreNotFatal() throws IOException {
    RecordingSessionContext context =
        run(List.of(ascii("get_slice hello.txt x 1\r\nget_metadata\r\nget_metadata empty\r\n")));
    assertEquals(
        "201 INVALID ARGUMENTS FOR COMMAND\r\n201 INVALID ARGUMENTS FOR COMMAND\r\n0 OK\r\n0\r\n",
        context.text());
    assertFalse(context.closed());
  }

  @Test
  void fiveMibFileNameIsReadToItsEndAndNotFound() throws IOException {
    byte[] name = new byte[5 * 1024 * 1024];
    Arrays.fill(name, (byte) 'x');
    byte[] wire = new byte[13 + name.length + 2];
    System.arraycopy("get_metadata ".getBytes(US_ASCII), 0, wire, 0, 13);
    System.arraycopy(name, 0, wire, 13, name.length);
    wire[wire.length - 2] = '\r';
    wire[wire.length - 1] = '\n';
    List<ByteBuffer> chunks = new ArrayList<>(Splits.fixed(wire, 65_536));
    chunks.add(ascii("get_metadata empty\r\n"));
    RecordingSessionContext context = run(chunks);
    assertEquals("202 FILE NOT FOUND\r\n0 OK\r\n0\r\n", context.text());
    assertFalse(context.closed());
  }

  @Test
  void lineOverTheLimitIsRefusedBeforeItsEnd() throws IOException {
    HftpLimits limits = HftpLimits.defaults().withMaxLineLength(1024);
    RecordingSessionContext context =
        run(List.of(ascii("get_metadata " + "x".repeat(2000))), limits);
    assertEquals("101 BAD REQUEST\r\n", context.text());
    assertTrue(context.closed());
  }

  @Test
  void neverServesWhatIsNotARegularFileOfTheDirectory() throws IOException {
    Files.writeString(outside.resolve("secret"), "secret");
    Files.createSymbolicLink(dir.resolve("link"), outside.resolve("secret"));
    Files.createDirectory(dir.resolve("sub"));
    Files.writeString(dir.resolve("sub").resolve("inner"), "inner");
    Files.writeString(dir.resolve("bad name"), "x");
    RecordingSessionContext context =
        run(
            List.of(
                ascii(
                    "get_file_listing\r\nget_metadata link\r\nget_slice link 0 1\r\n"
                        + "get_metadata sub\r\nget_slice sub 0 0\r\n"
                        + "get_metadata ..\r\nget_metadata ../"
                        + outside.getFileName()
                        + "\r\n")));
    assertEquals(
        "0 OK\r\nempty\r\nhello.txt\r\n\r\n" + "202 FILE NOT FOUND\r\n".repeat(6), context.text());
    Files.delete(dir.resolve("link")); // JUnit warns about links out of its temp dirs
  }

  @Test
  void unreadableDirectoryIsAFatalInternalError() throws IOException {
    Files.delete(dir.resolve("hello.txt"));
    Files.delete(dir.resolve("empty"));
    Files.delete(dir);
    RecordingSessionContext context = run(List.of(ascii("get_file_listing\r\nquit\r\n")));
    assertEquals("199 INTERNAL SERVER ERROR\r\n", context.text());
    assertTrue(context.closed());
  }

  @Test
  void endOfStreamClosesAndIdleTimeoutIsSet() throws IOException {
    RecordingSessionContext context = new RecordingSessionContext();
    HftpSession session =
        new HftpSession(
            context, files, HftpLimits.defaults().withIdleTimeout(Duration.ofSeconds(42)));
    assertEquals(Duration.ofSeconds(42), context.readTimeout());
    session.onData(ascii("get_metadata empty\r\nget_meta"));
    session.onEndOfStream();
    assertEquals("0 OK\r\n0\r\n", context.text());
    assertTrue(context.closed());
  }

  @Test
  void streamsABigSliceInBoundedWrites() throws IOException {
    byte[] content = AbstractHftpEndToEndTest.randomBytes(8 * 1024 * 1024, 5);
    Files.write(dir.resolve("big"), content);
    RecordingSessionContext context = run(List.of(ascii("get_slice big 1 8388607\r\n")));
    String expected =
        "0 OK\r\n"
            + Base64.getEncoder().encodeToString(Arrays.copyOfRange(content, 1, 8388608))
            + "\r\n";
    assertEquals(expected, context.text());
    // the file went out in pieces no bigger than the session's buffer, never as one
    assertTrue(context.largestWrite() <= 64 * 1024, "largest write " + context.largestWrite());
    assertTrue(context.writes() > 100, "writes " + context.writes());
  }

  /** What an idle session may keep: a small word buffer, no output buffer (issue 12). */
  private static final int IDLE_BYTES = 256;

  @Test
  void holdsNoBigBufferWhileIdleOrInsideAHalfLine() throws IOException {
    byte[] content = AbstractHftpEndToEndTest.randomBytes(200_000, 3);
    Files.write(dir.resolve("big"), content);
    RecordingSessionContext context = new RecordingSessionContext();
    HftpSession session = new HftpSession(context, files, HftpLimits.defaults());
    assertTrue(
        session.retainedBufferBytes() <= IDLE_BYTES, "new: " + session.retainedBufferBytes());

    session.onData(ascii("get_meta"));
    assertTrue(
        session.retainedBufferBytes() <= IDLE_BYTES, "half-line: " + session.retainedBufferBytes());

    session.onData(ascii("data big\r\nget_slice big 0 200000\r\nget_slice b"));
    assertEquals(
        "0 OK\r\n200000\r\n0 OK\r\n" + Base64.getEncoder().encodeToString(content) + "\r\n",
        context.text());
    assertTrue(
        session.retainedBufferBytes() <= IDLE_BYTES,
        "after a slice: " + session.retainedBufferBytes());
  }

  @Test
  void aHalfLineBufferGrowsAsNeededUpToTheWordLimitOnly() throws IOException {
    RecordingSessionContext context = new RecordingSessionContext();
    HftpSession session = new HftpSession(context, files, HftpLimits.defaults());
    session.onData(ascii("get_metadata " + "x".repeat(3000)));
    int retained = session.retainedBufferBytes();
    assertTrue(retained >= 3000 && retained <= 2 * 3000, "3000-byte word: " + retained);

    session.onData(ascii("x".repeat(100_000)));
    retained = session.retainedBufferBytes();
    assertTrue(
        retained <= HftpLimits.DEFAULT_MAX_WORD_LENGTH + IDLE_BYTES,
        "103000-byte word: " + retained);

    session.onData(ascii("\r\n"));
    assertEquals("202 FILE NOT FOUND\r\n", context.text());
    assertTrue(
        session.retainedBufferBytes() <= IDLE_BYTES,
        "line ended: " + session.retainedBufferBytes());
  }

  @Test
  void aClientThatVanishesMidSliceFailsOnlyItsOwnSession() throws IOException {
    byte[] big = new byte[1 << 20];
    Files.write(dir.resolve("big"), big);
    RecordingSessionContext vanished = new RecordingSessionContext(100_000);
    HftpSession session = new HftpSession(vanished, files, HftpLimits.defaults());
    // The write fails inside the offloaded answer, which closes this connection only.
    session.onData(ascii("get_slice big 0 1048576\r\n"));
    assertTrue(vanished.closed());
    // the store and other sessions are unaffected
    RecordingSessionContext other = run(List.of(ascii("get_metadata big\r\n")));
    assertEquals("0 OK\r\n1048576\r\n", other.text());
  }
}
