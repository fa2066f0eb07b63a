package io.capas.hftp;

import static java.lang.System.Logger.Level.DEBUG;

import io.capas.transport.Session;
import io.capas.transport.SessionContext;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.List;
import java.util.Optional;

/**
 * The server side of one HFTP connection: decodes the requests pushed to it, answers each in order,
 * and closes the connection after {@code quit} or a fatal status.
 *
 * <p>Responses are buffered (64 KiB) and flushed at the end of every push, so the answers to
 * several requests of one packet leave together; a slice is streamed through that buffer, never
 * loaded whole. A failed write (the client vanished) propagates to the transport, which closes this
 * connection only.
 *
 * <p>Not thread-safe; one instance per connection.
 */
final class HftpSession implements Session {

  private static final System.Logger LOGGER = System.getLogger(HftpSession.class.getName());
  private static final int OUTPUT_BUFFER = 64 * 1024;

  private final SessionContext context;
  private final FileStore files;
  private final RequestDecoder decoder;
  private final OutputStream out;
  private boolean closing;

  HftpSession(SessionContext context, FileStore files, HftpLimits limits) {
    this.context = context;
    this.files = files;
    this.decoder = new RequestDecoder(limits);
    this.out = new BufferedOutputStream(new ContextOutputStream(context), OUTPUT_BUFFER);
    if (!limits.idleTimeout().isZero()) {
      context.readTimeout(limits.idleTimeout());
    }
  }

  @Override
  public void onData(ByteBuffer data) throws IOException {
    while (!closing && data.hasRemaining()) {
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
    out.flush();
    if (closing) {
      data.position(data.limit()); // nothing after quit or a fatal error is read
      context.close();
    }
  }

  @Override
  public void onEndOfStream() throws IOException {
    // Every request read so far has been answered; a partial line can never be completed.
    out.flush();
    closing = true;
    context.close();
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
    try (FileChannel file = opened.get()) {
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
      ResponseEncoder.writeSlice(out, file, slice.offset(), slice.size());
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
