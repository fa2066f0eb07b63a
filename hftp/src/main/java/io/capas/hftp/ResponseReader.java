package io.capas.hftp;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.util.Arrays;
import java.util.Base64;

/**
 * Reads HFTP responses (see {@link ResponseEncoder} for the format) from a blocking stream, for the
 * client. Strict: every line must end with {@code CR LF}, hold printable ASCII only (no C0 or C1
 * control, no DEL) and be no longer than its limit; a status code is canonical decimal; a slice
 * must be exactly the base64 of the size asked for. Violations are {@link ProtocolException}s, an
 * early end of stream is an {@link EOFException}.
 *
 * <p>Not thread-safe; one instance per connection. It buffers, so nothing else may read from the
 * same stream.
 */
final class ResponseReader {

  /** A status line is short: {@code 203 OFFSET EXCEEDS FILE SIZE} is the longest. */
  static final int MAX_STATUS_LINE = 256;

  /** The largest slice whose base64 length fits a {@code long}. */
  static final long MAX_SLICE = Long.MAX_VALUE / 4 * 3;

  /** Base64 characters decoded per step; a multiple of 4, so only the last step has padding. */
  private static final int DECODE_CHUNK = 64 * 1024;

  private final InputStream in;
  private final byte[] buffer = new byte[64 * 1024];
  private int position;
  private int limit;

  ResponseReader(InputStream in) {
    this.in = in;
  }

  /** Reads a status line and returns its status. */
  HftpStatus readStatus() throws IOException {
    String line = readLine(MAX_STATUS_LINE);
    int space = line.indexOf(' ');
    if (space <= 0) {
      throw new ProtocolException("malformed status line: " + line);
    }
    String digits = line.substring(0, space);
    int code;
    try {
      code = Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      throw new ProtocolException("malformed status code in: " + line);
    }
    if (!Integer.toString(code).equals(digits)) { // a sign or a leading zero
      throw new ProtocolException("malformed status code in: " + line);
    }
    HftpStatus status =
        HftpStatus.ofCode(code)
            .orElseThrow(() -> new ProtocolException("unknown status code in: " + line));
    return status;
  }

  /** Reads one line ended by {@code CR LF}, returning it without them. */
  String readLine(int maxLength) throws IOException {
    StringBuilder line = new StringBuilder();
    while (true) {
      int b = read();
      if (b < 0) {
        throw new EOFException("stream ended inside a line after " + line.length() + " bytes");
      }
      if (b == '\r') {
        if (read() != '\n') {
          throw new ProtocolException("CR not followed by LF in a response line");
        }
        return line.toString();
      }
      if (b == '\n') {
        throw new ProtocolException("LF without CR in a response line");
      }
      if (b < 0x20 || b >= 0x7F) {
        // names end up on terminals: no escape sequences from a hostile server, whether C0, DEL,
        // or C1 (0x9B is CSI); HFTP's lines are ASCII
        throw new ProtocolException(
            String.format("control or non-ASCII byte 0x%02x in a response line", b));
      }
      if (line.length() == maxLength) {
        throw new ProtocolException("response line longer than " + maxLength + " bytes");
      }
      line.append((char) b);
    }
  }

  /**
   * Reads the base64 line of a slice of {@code size} bytes and writes the decoded bytes to {@code
   * out}, chunk by chunk.
   */
  void readSlice(long size, OutputStream out) throws IOException {
    checkArgument(size >= 0 && size <= MAX_SLICE, "slice size out of range: %s", size);
    long encoded = (size + 2) / 3 * 4;
    byte[] chars = new byte[(int) Math.min(DECODE_CHUNK, encoded)];
    byte[] bytes = new byte[chars.length / 4 * 3];
    Base64.Decoder decoder = Base64.getDecoder();
    long done = 0;
    long decoded = 0;
    while (done < encoded) {
      int n = (int) Math.min(chars.length, encoded - done);
      readFully(chars, n);
      int m;
      try {
        m = decoder.decode(n == chars.length ? chars : Arrays.copyOf(chars, n), bytes);
      } catch (IllegalArgumentException e) {
        throw new ProtocolException("bad base64 in slice: " + e.getMessage());
      }
      out.write(bytes, 0, m);
      done += n;
      decoded += m;
    }
    if (decoded != size) {
      throw new ProtocolException("slice decoded to " + decoded + " bytes, expected " + size);
    }
    String rest = readLine(0);
    if (!rest.isEmpty()) {
      throw new ProtocolException("slice longer than expected");
    }
  }

  private void readFully(byte[] into, int n) throws IOException {
    int got = 0;
    while (got < n) {
      if (position == limit && !fill()) {
        throw new EOFException("stream ended " + (n - got) + " bytes before the end of a slice");
      }
      int take = Math.min(n - got, limit - position);
      System.arraycopy(buffer, position, into, got, take);
      position += take;
      got += take;
    }
  }

  private int read() throws IOException {
    if (position == limit && !fill()) {
      return -1;
    }
    return buffer[position++] & 0xFF;
  }

  private boolean fill() throws IOException {
    int n = in.read(buffer, 0, buffer.length);
    if (n <= 0) {
      return false;
    }
    position = 0;
    limit = n;
    return true;
  }
}
