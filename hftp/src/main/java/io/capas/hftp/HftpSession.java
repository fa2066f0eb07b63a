package io.capas.hftp;

import static java.lang.System.Logger.Level.DEBUG;
import static java.util.Objects.requireNonNull;

import com.google.common.annotations.VisibleForTesting;
import io.capas.transport.Session;
import io.capas.transport.SessionContext;
import io.capas.transport.SessionRunner;
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
 * that the connection is closed) and answered, in order, once it is.
 *
 * <p>Not thread-safe; one instance per connection.
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

  /** Bytes received after the pending slice's request, to be answered once it is sent. */
  private @Nullable ByteBuffer held;

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
    if (pending != null) {
      // Our transports never get here (a backlogged connection is not read), but one that pushed
      // on would have its requests answered after the slice, in order.
      hold(data);
      return;
    }
    serve(data);
  }

  /** Answers the requests in {@code data} until it is used up, a slice stops, or the end. */
  private void serve(ByteBuffer data) throws IOException {
    while (!closing && pending == null && data.hasRemaining()) {
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
    }
    if (pending != null) {
      hold(data);
    }
    out.flush();
    if (closing) {
      data.position(data.limit()); // nothing after quit or a fatal error is read
      context.close();
    }
  }

  /** Goes on with the pending slice, then answers the requests held meanwhile. */
  @Override
  public void onWritable() throws IOException {
    if (pending == null || closing) {
      return; // nothing stopped here
    }
    if (!continueSlice()) {
      out.flush();
      return;
    }
    ByteBuffer rest = held == null ? ByteBuffer.allocate(0) : held;
    held = null;
    serve(rest);
  }

  /**
   * Ends the connection. A slice still pending here cannot be finished: the transport closes the
   * connection once this returns, and writing the rest now would queue it whole, the very cost
   * pausing avoids. Only a transport that reads a backlogged connection gets here with one (ours do
   * not: the multiplexing model stops reading it, the blocking ones never backlog), so the slice is
   * deliberately cut short, as when its file fails past {@code 0 OK}: the client sees the end of
   * stream inside it.
   */
  @Override
  public void onEndOfStream() throws IOException {
    if (pending != null) {
      LOGGER.log(DEBUG, () -> context.remoteAddress() + ": end of stream inside a slice");
      closePending();
      held = null;
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
   * Keeps the unanswered rest of {@code data} (consuming it) for when the pending slice is done.
   *
   * @throws ProtocolException more than {@link #MAX_HELD_BYTES} would be held
   */
  private void hold(ByteBuffer data) throws IOException {
    if (!data.hasRemaining()) {
      return;
    }
    int already = held == null ? 0 : held.remaining();
    if ((long) already + data.remaining() > MAX_HELD_BYTES) {
      throw new ProtocolException(
          "more than "
              + MAX_HELD_BYTES
              + " bytes of requests from "
              + context.remoteAddress()
              + " while a slice is pending");
    }
    ByteBuffer more = ByteBuffer.allocate(already + data.remaining());
    if (held != null) {
      more.put(held);
    }
    more.put(data).flip();
    held = more;
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
