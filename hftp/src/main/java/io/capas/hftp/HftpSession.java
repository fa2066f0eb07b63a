package io.capas.hftp;

import static java.lang.System.Logger.Level.DEBUG;
import static java.util.Objects.requireNonNull;

import com.google.common.annotations.VisibleForTesting;
import io.capas.transport.Session;
import io.capas.transport.SessionContext;
import io.capas.transport.internal.SessionRunner;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The server side of one HFTP connection: decodes the requests pushed to it, answers each in order,
 * and closes the connection after {@code quit} or a fatal status.
 *
 * <p>Responses are buffered (up to 64 KiB) and flushed at the end of every push, so the answers to
 * several requests of one packet leave together; a slice is streamed through that buffer, never
 * loaded whole. The buffer exists only while there is something to send ({@link
 * LazyBufferedOutputStream}), and the request decoder keeps only the words of a partial line, so an
 * idle connection, or one inside a half-sent line, costs a few hundred bytes here. A failed write
 * (the client vanished) propagates to the transport, which closes this connection only.
 *
 * <p>A slice goes out a chunk ({@link ResponseEncoder#SLICE_CHUNK} bytes of file) at a time. When
 * the connection reports {@link SessionContext#writeBacklogged()} after a chunk (only a queuing,
 * multiplexing, model does), the slice stops there, its file kept open, and goes on in {@link
 * #onWritable()}: a client that does not read costs the server its write queue's high watermark
 * plus about two chunks, never the whole slice. Until the slice is done nothing else is answered;
 * the bytes that came with or after its request are held (at most {@link #MAX_HELD_BYTES}; past
 * that the connection is closed) and answered, in order, once it is. Between two requests the
 * session likewise stops answering while the connection is backlogged, so pipelined requests for
 * listings cannot queue an answer each (a few bytes asking for a whole directory each time): the
 * queue holds at most the watermark, the output buffer and one more answer. Held bytes are copied
 * once when they arrive (the held buffer doubles as it grows) and never again however often
 * answering stops, so holding costs time linear in the bytes received.
 *
 * <p>Requests are answered, and slices continued, in tasks {@linkplain SessionContext#offload
 * offloaded} off the I/O threads (each reads the disk): a slow disk or a large directory holds only
 * its own client. The bytes of a push are copied for the task (request lines are short).
 *
 * <p>Not thread-safe; one instance per connection (its calls and its offloaded tasks never
 * overlap).
 */
final class HftpSession implements Session {

  private static final System.Logger LOGGER = System.getLogger(HftpSession.class.getName());
  private static final int OUTPUT_BUFFER = 64 * 1024;

  /**
   * The most bytes held while a slice is pending: what a transport itself may hold unconsumed for a
   * session (16 MiB). A multiplexing transport reads nothing more from a backlogged connection, so
   * only the rest of the read that brought the slice's request is held (less than its read buffer,
   * 16 KiB by default); only a transport that pushed on could reach the bound.
   */
  static final int MAX_HELD_BYTES = SessionRunner.MAX_BUFFER;

  private final SessionContext context;
  private final FileStore files;
  private final RequestDecoder decoder;
  private final LazyBufferedOutputStream out;
  private boolean closing;

  /** The slice stopped while the connection is backlogged, if any. */
  private @Nullable PendingSlice pending;

  /** Answering stopped between two requests because the connection is backlogged. */
  private boolean paused;

  /**
   * Bytes received and not yet answered while a slice is pending or answering is paused, in read
   * mode; room past its limit takes what arrives next.
   */
  private @Nullable ByteBuffer held;

  private long heldBytesCopied;

  /** A slice partly sent: its open file (closed here, in every path) and where it stopped. */
  private record PendingSlice(FileChannel file, SliceEncoder encoder) {}

  HftpSession(SessionContext context, FileStore files, HftpLimits limits) {
    this.context = context;
    this.files = files;
    this.decoder = new RequestDecoder(limits);
    this.out = new LazyBufferedOutputStream(new ContextOutputStream(context), OUTPUT_BUFFER);
    if (!limits.idleTimeout().isZero()) {
      context.readTimeout(limits.idleTimeout());
    }
  }

  @Override
  public void onData(ByteBuffer data) throws IOException {
    if (pending != null || paused) {
      // Our transports never get here (a backlogged connection is not read), but one that pushed
      // on would have its requests answered after the slice, in order.
      hold(data, false);
      return;
    }
    // Answers read files and list directories: off the I/O threads (SessionContext#offload), on a
    // copy of the pushed bytes (request lines are short), so a slow disk holds only this client.
    ByteBuffer copy = ByteBuffer.allocate(data.remaining()).put(data).flip();
    context.offload(() -> offloaded(() -> serve(copy, true)));
  }

  /** What an offloaded step of this session does. */
  private interface Step {
    void run() throws IOException;
  }

  /** Runs {@code step} as an offloaded task: a failure to write closes the connection. */
  private void offloaded(Step step) {
    try {
      step.run();
    } catch (IOException e) {
      LOGGER.log(DEBUG, () -> context.remoteAddress() + ": " + e.getMessage());
      closing = true;
      closePending();
      context.close();
    }
  }

  /**
   * Answers the requests in {@code data} until it is used up, a slice stops, the connection is
   * backlogged, or the end.
   *
   * @param owned whether {@code data} is this session's own buffer (held before), which is then
   *     kept as it is rather than copied
   */
  private void serve(ByteBuffer data, boolean owned) throws IOException {
    while (!closing && pending == null && !paused && data.hasRemaining()) {
      Optional<RequestLine> line;
      try {
        line = decoder.decode(data);
      } catch (RequestException e) {
        refuse(e);
        break;
      }
      if (line.isEmpty()) {
        break;
      }
      answer(line.get());
      paused = !closing && pending == null && data.hasRemaining() && context.writeBacklogged();
    }
    if (pending != null || paused) {
      hold(data, owned);
    }
    out.flush();
    if (closing) {
      data.position(data.limit()); // nothing after quit or a fatal error is read
      context.close();
    }
  }

  /** Goes on with the pending slice, if any, then answers the requests held meanwhile. */
  @Override
  public void onWritable() throws IOException {
    if ((pending == null && !paused) || closing) {
      return; // nothing stopped here
    }
    context.offload(() -> offloaded(this::resume));
  }

  /** Goes on with the pending slice (it reads its file), then the requests held meanwhile. */
  private void resume() throws IOException {
    if (pending != null && !continueSlice()) {
      out.flush();
      return;
    }
    paused = false;
    ByteBuffer rest = held == null ? ByteBuffer.allocate(0) : held;
    held = null;
    serve(rest, true);
  }

  /**
   * Ends the connection. A slice still pending here cannot be finished: the transport closes the
   * connection once this returns, and writing the rest now would queue it whole, the very cost
   * pausing avoids. Only a transport that reads a backlogged connection gets here with one (ours do
   * not: the multiplexing model stops reading it, the blocking ones never backlog), so the slice is
   * deliberately cut short, as when its file fails past {@code 0 OK}: the client sees the end of
   * stream inside it. Requests held while answering is paused are likewise left unanswered.
   */
  @Override
  public void onEndOfStream() throws IOException {
    if (pending != null || paused) {
      LOGGER.log(DEBUG, () -> context.remoteAddress() + ": end of stream while backlogged");
      closePending();
      held = null;
      paused = false;
    }
    // Every request read so far has been answered; a partial line can never be completed.
    out.flush();
    closing = true;
    context.close();
  }

  @Override
  public void onClose() {
    closePending();
    held = null;
  }

  /** How many bytes were copied into the held buffer so far. */
  @VisibleForTesting
  long heldBytesCopied() {
    return heldBytesCopied;
  }

  /** The bytes of buffer this session holds right now (issue 12: an idle one holds almost none). */
  @VisibleForTesting
  int retainedBufferBytes() {
    return out.bufferBytes()
        + decoder.retainedBytes()
        + (held == null ? 0 : held.capacity())
        + (pending == null ? 0 : pending.encoder().bufferBytes());
  }

  private void answer(RequestLine line) throws IOException {
    Request request;
    try {
      request = RequestParser.parse(line);
    } catch (RequestException e) {
      refuse(e);
      return;
    }
    switch (request) {
      case Request.GetFileListing listing -> listFiles();
      case Request.GetMetadata metadata -> describe(metadata.fileName());
      case Request.GetSlice slice -> sendSlice(slice);
      case Request.Quit quit -> {
        ResponseEncoder.writeStatus(out, HftpStatus.OK);
        closing = true;
      }
    }
  }

  private void listFiles() throws IOException {
    List<String> names;
    try {
      names = files.list();
    } catch (IOException e) {
      internalError("listing", e);
      return;
    }
    ResponseEncoder.writeStatus(out, HftpStatus.OK);
    ResponseEncoder.writeListing(out, names);
  }

  private void describe(String fileName) throws IOException {
    Optional<Long> size;
    try {
      size = files.size(fileName);
    } catch (IOException e) {
      internalError("metadata of " + fileName, e);
      return;
    }
    if (size.isEmpty()) {
      ResponseEncoder.writeStatus(out, HftpStatus.FILE_NOT_FOUND);
      return;
    }
    ResponseEncoder.writeStatus(out, HftpStatus.OK);
    ResponseEncoder.writeMetadata(out, size.get());
  }

  private void sendSlice(Request.GetSlice slice) throws IOException {
    Optional<FileChannel> opened;
    try {
      opened = files.open(slice.fileName());
    } catch (IOException e) {
      internalError("opening " + slice.fileName(), e);
      return;
    }
    if (opened.isEmpty()) {
      ResponseEncoder.writeStatus(out, HftpStatus.FILE_NOT_FOUND);
      return;
    }
    FileChannel file = opened.get();
    boolean sending = false;
    try {
      long fileSize;
      try {
        fileSize = file.size();
      } catch (IOException e) {
        internalError("size of " + slice.fileName(), e);
        return;
      }
      if (slice.offset() > fileSize || slice.size() > fileSize - slice.offset()) {
        ResponseEncoder.writeStatus(out, HftpStatus.OFFSET_EXCEEDS_FILE_SIZE);
        return;
      }
      ResponseEncoder.writeStatus(out, HftpStatus.OK);
      // Past "0 OK" no status can be sent any more: a read or write failure ends the connection.
      pending = new PendingSlice(file, new SliceEncoder(out, file, slice.offset(), slice.size()));
      sending = true;
    } finally {
      if (!sending) {
        file.close();
      }
    }
    continueSlice();
  }

  /**
   * Sends chunks of the pending slice until it is done (then closes its file and returns true) or
   * the connection is backlogged (then returns false, the slice still pending).
   */
  private boolean continueSlice() throws IOException {
    SliceEncoder encoder = requireNonNull(pending).encoder();
    boolean finished;
    try {
      do { // one pass per chunk
        finished = encoder.writeChunk();
      } while (!finished && !context.writeBacklogged());
    } catch (IOException | RuntimeException e) {
      closePending(); // the transport closes the connection
      throw e;
    }
    if (finished) {
      closePending();
    }
    return finished;
  }

  /**
   * Keeps the unanswered rest of {@code data} (consuming it) for when the pending slice is done or
   * the backlog is gone: {@code data} itself if it is already this session's, else a copy appended
   * to what is held.
   *
   * @throws ProtocolException more than {@link #MAX_HELD_BYTES} would be held
   */
  private void hold(ByteBuffer data, boolean owned) throws IOException {
    if (!data.hasRemaining()) {
      return;
    }
    if (owned && held == null) {
      held = data; // what was held before, its answered part skipped: no copy
      return;
    }
    int already = held == null ? 0 : held.remaining();
    int adding = data.remaining();
    if ((long) already + adding > MAX_HELD_BYTES) {
      throw new ProtocolException(
          "more than "
              + MAX_HELD_BYTES
              + " bytes of requests from "
              + context.remoteAddress()
              + " while a slice is pending");
    }
    ByteBuffer into = held;
    if (into == null || into.capacity() - into.limit() < adding) {
      // doubling: each byte is copied a bounded number of times however many pushes come
      int capacity = (int) Math.min(MAX_HELD_BYTES, Math.max(already + adding, 2L * already));
      ByteBuffer more = ByteBuffer.allocate(capacity);
      if (into != null) {
        more.put(into);
        heldBytesCopied += already;
      }
      into = more.flip();
    }
    int end = into.limit();
    into.limit(end + adding).put(end, data, data.position(), adding);
    data.position(data.limit());
    heldBytesCopied += adding;
    held = into;
  }

  /** Forgets the pending slice, if any, closing its file. */
  private void closePending() {
    PendingSlice slice = pending;
    pending = null;
    if (slice == null) {
      return;
    }
    try {
      slice.file().close();
    } catch (IOException e) {
      LOGGER.log(DEBUG, () -> context.remoteAddress() + ": closing a served file failed", e);
    }
  }

  private void refuse(RequestException e) throws IOException {
    LOGGER.log(DEBUG, () -> context.remoteAddress() + ": " + e.getMessage());
    ResponseEncoder.writeStatus(out, e.status());
    closing |= e.status().fatal();
  }

  private void internalError(String what, IOException e) throws IOException {
    LOGGER.log(DEBUG, () -> context.remoteAddress() + ": " + what + " failed", e);
    ResponseEncoder.writeStatus(out, HftpStatus.INTERNAL_SERVER_ERROR);
    closing = true;
  }

  /** Hands each write to the connection; buffering happens above it. */
  private static final class ContextOutputStream extends OutputStream {
    private final SessionContext context;

    ContextOutputStream(SessionContext context) {
      this.context = context;
    }

    @Override
    public void write(int b) throws IOException {
      context.write(ByteBuffer.wrap(new byte[] {(byte) b}));
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      context.write(ByteBuffer.wrap(b, off, len));
    }
  }
}
