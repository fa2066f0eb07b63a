package io.capas.hftp;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Base64;

/**
 * The data of one {@code get_slice} response, written a chunk at a time so that its writer can stop
 * between chunks and go on later: {@code size} bytes of a file from {@code offset}, in base64 (RFC
 * 4648, padded, no line breaks), then {@code CRLF}.
 *
 * <pre>
 *   aGVsbG8= CR LF
 * </pre>
 *
 * <p>Each chunk is one positional read of up to {@link ResponseEncoder#SLICE_CHUNK} bytes, a
 * multiple of 3, so only the last chunk is padded; the base64 stream keeps any leftover bytes
 * between chunks all the same. A slice costs its chunk buffer whatever its size. The file is read,
 * never closed: its owner closes it.
 *
 * <p>Not thread-safe; one instance per slice.
 */
final class SliceEncoder {

  private final OutputStream out;
  private final FileChannel file;
  private final long offset;
  private final long size;
  private final ByteBuffer chunk;
  private final OutputStream base64;
  private long done;
  private boolean finished;

  SliceEncoder(OutputStream out, FileChannel file, long offset, long size) {
    checkArgument(offset >= 0 && size >= 0, "bad slice: offset %s, size %s", offset, size);
    this.out = out;
    this.file = file;
    this.offset = offset;
    this.size = size;
    this.chunk =
        ByteBuffer.allocate((int) Math.min(ResponseEncoder.SLICE_CHUNK, Math.max(size, 1)));
    this.base64 = Base64.getEncoder().wrap(new KeepOpen(out));
  }

  /**
   * Writes the next chunk, and after the last one the padding and {@code CRLF}.
   *
   * @return whether the whole slice has been written
   * @throws EOFException the file ended before {@code offset + size} (it shrank after the check)
   */
  boolean writeChunk() throws IOException {
    checkState(!finished, "slice already written");
    if (done < size) {
      chunk.clear().limit((int) Math.min(chunk.capacity(), size - done));
      while (chunk.hasRemaining()) {
        int n = file.read(chunk, offset + done + chunk.position());
        if (n < 0) {
          throw new EOFException(
              "file ended at " + (offset + done + chunk.position()) + " inside the slice");
        }
      }
      base64.write(chunk.array(), 0, chunk.position());
      done += chunk.position();
    }
    if (done == size) {
      base64.close(); // writes the padding; KeepOpen keeps `out` open
      out.write(ResponseEncoder.CRLF);
      finished = true;
    }
    return finished;
  }

  /** The bytes of buffer this slice holds while it is being sent. */
  int bufferBytes() {
    return chunk.capacity();
  }

  /** Lets the base64 wrapper finish (it closes what it wraps) without closing the connection. */
  private static final class KeepOpen extends OutputStream {
    private final OutputStream out;

    KeepOpen(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() {}
  }
}
