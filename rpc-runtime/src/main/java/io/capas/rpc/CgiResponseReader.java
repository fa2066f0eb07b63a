package io.capas.rpc;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import io.capas.framing.ContentLengthDecoder;
import io.capas.framing.FrameTooLargeException;
import io.capas.framing.MalformedFrameException;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.util.Optional;

/**
 * Reads the CGI response an SCGI server sends (RFC 3875 §6): header lines, an empty line, the body.
 *
 * <pre>
 *   Status: 200 OK\r\n                 (absent: 200, RFC 3875 §6.3.3)
 *   Content-Type: text/xml\r\n
 *   Content-Length: 123\r\n            (absent: the body runs to the end of the stream)
 *   \r\n
 *   &lt;?xml ...
 * </pre>
 *
 * <p>Lines may end with CRLF or a bare LF: RFC 3875 §6 writes the response with NL, and rTorrent,
 * nginx's peers and Python's scgi send CRLF. The head is limited in bytes, the body by its own
 * limit (a declared length is checked before anything is allocated). Not thread-safe; one per
 * response.
 */
final class CgiResponseReader {
  /** A response: its status code and reason, and its body (not copied). */
  static final class Response {
    private final int status;
    private final String reason;
    private final byte[] body;

    Response(int status, String reason, byte[] body) {
      this.status = status;
      this.reason = reason;
      this.body = body;
    }

    int status() {
      return status;
    }

    String reason() {
      return reason;
    }

    byte[] body() {
      return body;
    }
  }

  private final InputStream in;
  private final int maxHeadBytes;
  private final int maxBodyBytes;

  CgiResponseReader(InputStream in, int maxHeadBytes, int maxBodyBytes) {
    this.in = in;
    this.maxHeadBytes = maxHeadBytes;
    this.maxBodyBytes = maxBodyBytes;
  }

  /**
   * Reads the whole response.
   *
   * @throws java.io.EOFException the stream ended before the end of the head, or inside a sized
   *     body
   * @throws ProtocolException a malformed head, a head or body over its limit
   */
  Response read() throws IOException {
    int status = 200;
    String reason = "OK";
    long length = -1;
    int headBytes = 0;
    // Bounded: every line costs at least one byte of the head's limit.
    while (true) {
      String line = line(maxHeadBytes - headBytes);
      headBytes += line.length() + 1;
      if (line.isEmpty()) {
        break;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new ProtocolException("a CGI response header without a name: " + printable(line));
      }
      String name = line.substring(0, colon).trim();
      String value = line.substring(colon + 1).trim();
      if (name.equalsIgnoreCase("Status")) {
        if (value.length() < 3 || !value.substring(0, 3).chars().allMatch(Character::isDigit)) {
          throw new ProtocolException("a CGI Status that is not a code: " + printable(value));
        }
        status = Integer.parseInt(value.substring(0, 3));
        reason = value.substring(3).trim();
      } else if (name.equalsIgnoreCase("Content-Length")) {
        if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(Character::isDigit)) {
          throw new ProtocolException("a CGI Content-Length that is not a length: " + value);
        }
        length = Long.parseLong(value);
      }
    }
    return new Response(status, reason, length < 0 ? toEnd() : sized(length));
  }

  private byte[] sized(long length) throws IOException {
    ContentLengthDecoder body;
    try {
      body = ContentLengthDecoder.of(length, maxBodyBytes);
    } catch (FrameTooLargeException | MalformedFrameException e) {
      throw new ProtocolException("CGI response body: " + e.getMessage());
    }
    // Bounded: each read takes at least one byte or throws at the end of the stream.
    while (true) {
      Optional<byte[]> done = body.readFrom(in);
      if (done.isPresent()) {
        return done.get();
      }
    }
  }

  private byte[] toEnd() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    // Bounded by the body's limit.
    while (true) {
      int n = in.read(buffer);
      if (n < 0) {
        return out.toByteArray();
      }
      if ((long) out.size() + n > maxBodyBytes) {
        throw new ProtocolException(
            "CGI response body longer than the limit of " + maxBodyBytes + " bytes");
      }
      out.write(buffer, 0, n);
    }
  }

  /** One line without its CR LF (or LF), of at most {@code budget} bytes with its end. */
  private String line(int budget) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(64);
    for (int i = 0; ; i++) {
      if (i >= budget) {
        throw new ProtocolException(
            "CGI response head longer than the limit of " + maxHeadBytes + " bytes");
      }
      int b = in.read();
      if (b < 0) {
        throw new EOFException("end of stream inside the CGI response head");
      }
      if (b == '\n') {
        byte[] bytes = line.toByteArray();
        int end =
            bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, end, ISO_8859_1);
      }
      line.write(b);
    }
  }

  private static String printable(String text) {
    String cut = text.length() > 80 ? text.substring(0, 80) + "..." : text;
    return cut.replaceAll("[^\\x20-\\x7e]", "?");
  }
}
