package io.capas.hftp;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.util.List;

/**
 * Writes HFTP responses. A response is a status line, then, after {@code 0 OK} only, its data:
 *
 * <pre>
 *   0 OK CR LF                                 status: CODE SP DESCRIPTION CR LF
 *   a.txt CR LF  b.bin CR LF  CR LF            get_file_listing: names, then an empty line
 *   1024 CR LF                                 get_metadata: size in decimal
 *   aGVsbG8= CR LF                             get_slice: base64 (RFC 4648, padded, no line breaks)
 * </pre>
 *
 * <p>A slice is read with positional reads and encoded chunk by chunk ({@link SliceEncoder}, which
 * a session also uses to send a slice in pieces), so no file is ever loaded whole. Immutable and
 * thread-safe.
 */
final class ResponseEncoder {

  static final byte[] CRLF = {'\r', '\n'};

  /** File bytes read per positional read; a multiple of 3, so only the last chunk is padded. */
  static final int SLICE_CHUNK = 48 * 1024;

  private ResponseEncoder() {}

  static byte[] statusLine(HftpStatus status) {
    return (status + "\r\n").getBytes(US_ASCII);
  }

  static void writeStatus(OutputStream out, HftpStatus status) throws IOException {
    out.write(statusLine(status));
  }

  /** The data of a listing: each name on its own line, then an empty line. */
  static void writeListing(OutputStream out, List<String> names) throws IOException {
    for (String name : names) {
      out.write(name.getBytes(US_ASCII));
      out.write(CRLF);
    }
    out.write(CRLF);
  }

  static void writeMetadata(OutputStream out, long size) throws IOException {
    out.write(Long.toString(size).getBytes(US_ASCII));
    out.write(CRLF);
  }

  /**
   * The data of a slice: {@code size} bytes of {@code file} from {@code offset}, in base64, then
   * {@code CRLF}.
   *
   * @throws java.io.EOFException the file ended before {@code offset + size} (it shrank after the
   *     check)
   */
  static void writeSlice(OutputStream out, FileChannel file, long offset, long size)
      throws IOException {
    SliceEncoder slice = new SliceEncoder(out, file, offset, size);
    boolean finished = false;
    while (!finished) { // one pass per chunk
      finished = slice.writeChunk();
    }
  }
}
