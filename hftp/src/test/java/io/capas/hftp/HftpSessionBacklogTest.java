package io.capas.hftp;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A slice on a connection that reports a backlog: stopped, resumed, and answered in order. */
class HftpSessionBacklogTest {

  private static final int WATERMARK = 64 * 1024;
  private static final int SIZE = 4 * 1024 * 1024;

  /** Bounded: a 4 MiB slice resumes about 85 times with a 64 KiB watermark. */
  private static final int MAX_RESUMPTIONS = 10_000;

  @TempDir Path dir;

  private FileStore files;
  private byte[] content;

  @BeforeEach
  void files() throws IOException {
    Files.writeString(dir.resolve("hello.txt"), "hello, world\n", US_ASCII);
    content = AbstractHftpEndToEndTest.randomBytes(SIZE, 11);
    Files.write(dir.resolve("big"), content);
    files = new FileStore(dir);
  }

  private static ByteBuffer ascii(String text) {
    return ByteBuffer.wrap(text.getBytes(US_ASCII));
  }

  private String sliceResponse(int offset, int size) {
    return "0 OK\r\n"
        + Base64.getEncoder().encodeToString(Arrays.copyOfRange(content, offset, offset + size))
        + "\r\n";
  }

  /** Plays the transport: drains the queue and calls onWritable until the session stops asking. */
  private static int resumeUntilDone(HftpSession session, RecordingSessionContext context)
      throws IOException {
    int resumed = 0;
    int backlogs = context.backlogsSeen();
    while (resumed < MAX_RESUMPTIONS) {
      context.drain();
      session.onWritable();
      resumed++;
      if (context.backlogsSeen() == backlogs) {
        return resumed; // it did not stop again: done
      }
      backlogs = context.backlogsSeen();
    }
    throw new AssertionError("still backlogged after " + MAX_RESUMPTIONS + " resumptions");
  }

  @Test
  void stopsASliceWhileBackloggedAndAnswersThePipelinedRequestsAfterIt() throws IOException {
    RecordingSessionContext context = new RecordingSessionContext().backlogPast(WATERMARK);
    HftpSession session = new HftpSession(context, files, HftpLimits.defaults());
    ByteBuffer data =
        ascii(
            """
            get_slice big 1 4194000\r
            get_metadata hello.txt\r
            get_slice hello.txt 7 5\r
            quit\r
            """);
    session.onData(data);
    assertFalse(data.hasRemaining(), "what follows the slice's request is held, not left");
    assertTrue(context.backlogsSeen() > 0);
    assertTrue(context.text().length() < 2 * WATERMARK + 4 * 64 * 1024, "stopped early");
    assertFalse(context.closed());

    int resumed = resumeUntilDone(session, context);
    assertEquals(
        sliceResponse(1, 4_194_000) + "0 OK\r\n13\r\n" + "0 OK\r\nd29ybGQ=\r\n" + "0 OK\r\n",
        context.text());
    assertTrue(context.closed(), "quit, answered after the slice, closes");
    assertTrue(resumed > 10, "resumed " + resumed + " times");
    // Between two drains the session wrote at most a watermark plus two chunks and its buffer.
    assertTrue(
        context.mostUnsent() <= WATERMARK + 3 * 64 * 1024, "unsent up to " + context.mostUnsent());
  }

  @Test
  void requestsPushedWhileASliceIsPendingAreAnsweredAfterItInOrder() throws IOException {
    RecordingSessionContext context = new RecordingSessionContext().backlogPast(WATERMARK);
    HftpSession session = new HftpSession(context, files, HftpLimits.defaults());
    session.onData(ascii("get_slice big 0 1000000\r\nget_meta"));
    // A transport that pushes on while backlogged (ours do not): held behind the slice.
    ByteBuffer more = ascii("data hello.txt\r\nget_metadata big\r\n");
    session.onData(more);
    assertFalse(more.hasRemaining());
    resumeUntilDone(session, context);
    assertEquals(
        sliceResponse(0, 1_000_000) + "0 OK\r\n13\r\n" + "0 OK\r\n" + SIZE + "\r\n",
        context.text());
    assertFalse(context.closed());
  }

  @Test
  void aSliceThatFitsIsAnsweredWithoutStopping() throws IOException {
    RecordingSessionContext context = new RecordingSessionContext().backlogPast(WATERMARK);
    HftpSession session = new HftpSession(context, files, HftpLimits.defaults());
    session.onData(ascii("get_slice big 0 1000\r\nget_metadata hello.txt\r\n"));
    assertEquals(sliceResponse(0, 1000) + "0 OK\r\n13\r\n", context.text());
    assertEquals(0, context.backlogsSeen());
    session.onWritable(); // a spurious call changes nothing
    assertEquals(sliceResponse(0, 1000) + "0 OK\r\n13\r\n", context.text());
  }

  @Test
  void endOfStreamInsideAPendingSliceClosesTheConnectionDeliberately() throws IOException {
    RecordingSessionContext context = new RecordingSessionContext().backlogPast(WATERMARK);
    HftpSession session = new HftpSession(context, files, HftpLimits.defaults());
    session.onData(ascii("get_slice big 0 4194304\r\nget_metadata hello.txt\r\n"));
    session.onEndOfStream();
    assertTrue(context.closed());
    String sent = context.text();
    assertTrue(sliceResponse(0, SIZE).startsWith(sent), "a prefix of the slice");
    assertTrue(sent.length() < SIZE, "cut short: " + sent.length());
    context.drain();
    session.onWritable(); // nothing more after the end
    session.onClose();
    assertEquals(sent, context.text());
  }

  @Test
  void pipelinedListingsWaitWhileBackloggedInsteadOfQueueingEveryAnswer() throws IOException {
    for (int i = 0; i < 200; i++) {
      Files.writeString(dir.resolve(String.format("file-with-a-long-name-%04d.txt", i)), "x");
    }
    StringBuilder listing = new StringBuilder("0 OK\r\n");
    for (String name : files.list()) {
      listing.append(name).append("\r\n");
    }
    String answer = listing.append("\r\n").toString();
    int requests = 500; // 9,000 bytes that ask for 500 listings of 6 KiB
    RecordingSessionContext context = new RecordingSessionContext().backlogPast(WATERMARK);
    HftpSession session = new HftpSession(context, files, HftpLimits.defaults());
    ByteBuffer data = ascii("get_file_listing\r\n".repeat(requests));
    session.onData(data);
    assertFalse(data.hasRemaining(), "the requests not yet answered are held");
    // answered until backlogged, then held: the queue holds a watermark, the session's buffer and
    // one listing, never all 500 answers (3 MiB)
    long bound = (long) WATERMARK + 64 * 1024 + answer.length();
    assertTrue(context.mostUnsent() <= bound, "unsent up to " + context.mostUnsent());
    resumeUntilDone(session, context);
    assertEquals(answer.repeat(requests), context.text());
    assertTrue(context.mostUnsent() <= bound, "unsent up to " + context.mostUnsent());
  }

  @Test
  void requestsHeldBehindSlicesAreCopiedOnceNotOncePerSlice() throws IOException {
    int requests = 300;
    String request = "get_slice big 0 200000\r\n";
    RecordingSessionContext context = new RecordingSessionContext().backlogPast(WATERMARK);
    HftpSession session = new HftpSession(context, files, HftpLimits.defaults());
    session.onData(ascii(request.repeat(requests)));
    resumeUntilDone(session, context);
    assertEquals(sliceResponse(0, 200_000).repeat(requests), context.text());
    // each slice stops once at least; copying the rest of the held requests at each stop is
    // quadratic (about 1 MiB here), holding them once is linear (7 KiB)
    long total = (long) request.length() * requests;
    assertTrue(
        session.heldBytesCopied() <= total, "copied " + session.heldBytesCopied() + " of " + total);
  }

  @Test
  void requestsPushedWhileASliceIsPendingAreHeldInLinearTime() throws IOException {
    RecordingSessionContext context = new RecordingSessionContext().backlogPast(WATERMARK);
    HftpSession session = new HftpSession(context, files, HftpLimits.defaults());
    session.onData(ascii("get_slice big 0 1000000\r\n"));
    int pushes = 2000;
    String request = "get_metadata hello.txt\r\n";
    for (int i = 0; i < pushes; i++) { // a transport that pushes on while backlogged
      session.onData(ascii(request));
    }
    long total = (long) request.length() * pushes;
    // appending each push to a copy of all held so far is quadratic (48 MiB here)
    assertTrue(
        session.heldBytesCopied() <= 3 * total,
        "copied " + session.heldBytesCopied() + " of " + total);
    resumeUntilDone(session, context);
    assertEquals(sliceResponse(0, 1_000_000) + "0 OK\r\n13\r\n".repeat(pushes), context.text());
  }

  @Test
  void heldBytesPastTheLimitEndTheConnection() throws IOException {
    RecordingSessionContext context = new RecordingSessionContext().backlogPast(WATERMARK);
    HftpSession session = new HftpSession(context, files, HftpLimits.defaults());
    session.onData(ascii("get_slice big 0 4194304\r\n"));
    byte[] flood = new byte[HftpSession.MAX_HELD_BYTES + 1];
    Arrays.fill(flood, (byte) 'a');
    assertThrows(ProtocolException.class, () -> session.onData(ByteBuffer.wrap(flood)));
    session.onClose(); // what the transport does next; the slice's file is closed
  }
}
