package io.capas.framing;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.ByteArrayOutputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The CGI headers of an SCGI request (the SCGI protocol, Neil Schemenauer, 2006): the payload of
 * the netstring that opens the request, as NUL-terminated names and values.
 *
 * <pre>
 *   "70:" "CONTENT_LENGTH" 00 "27" 00 "SCGI" 00 "1" 00 "REQUEST_METHOD" 00 "POST" 00 ... ","
 *         | name         |NUL|value|NUL| ...                                              then the body
 * </pre>
 *
 * <p>{@code CONTENT_LENGTH} comes first, in decimal; names are unique and not empty; bytes are
 * taken as ISO-8859-1, so any byte survives a round trip. The size of the block is the netstring's
 * limit ({@link NetstringDecoder}); the number of headers is limited here. Immutable and
 * thread-safe.
 *
 * @param fields the headers, in order, {@code CONTENT_LENGTH} first
 */
public record ScgiHeaders(Map<String, String> fields) {
  /** The header that must come first. */
  public static final String CONTENT_LENGTH = "CONTENT_LENGTH";

  /** The default largest header block: 16 KiB, as nginx's default for a request head. */
  public static final int DEFAULT_MAX_BLOCK_BYTES = 16 * 1024;

  /** The default most headers: 100, as for HTTP. */
  public static final int DEFAULT_MAX_COUNT = 100;

  public ScgiHeaders {
    Map<String, String> copy = new LinkedHashMap<>(fields);
    if (copy.isEmpty() || !copy.keySet().iterator().next().equals(CONTENT_LENGTH)) {
      throw new IllegalArgumentException("CONTENT_LENGTH must be the first SCGI header");
    }
    if (parseLength(copy.get(CONTENT_LENGTH)) < 0) {
      throw new IllegalArgumentException("CONTENT_LENGTH is not a decimal length");
    }
    for (Map.Entry<String, String> e : copy.entrySet()) {
      if (e.getKey().isEmpty() || e.getKey().indexOf(0) >= 0 || e.getValue().indexOf(0) >= 0) {
        throw new IllegalArgumentException("bad SCGI header " + e.getKey());
      }
    }
    fields = Collections.unmodifiableMap(copy);
  }

  /**
   * The headers of a request with a body of {@code contentLength} bytes: {@code CONTENT_LENGTH},
   * {@code SCGI=1}, then {@code others} in order.
   */
  public static ScgiHeaders of(long contentLength, Map<String, String> others) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put(CONTENT_LENGTH, Long.toString(contentLength));
    fields.put("SCGI", "1");
    fields.putAll(others);
    return new ScgiHeaders(fields);
  }

  /**
   * Parses a header block (a netstring's payload).
   *
   * @throws MalformedFrameException the block does not end with NUL, a name has no value, a name is
   *     empty or repeated, or {@code CONTENT_LENGTH} is not first or not a decimal length
   * @throws FrameTooLargeException more than {@code maxCount} headers
   */
  public static ScgiHeaders parse(byte[] block, int maxCount)
      throws MalformedFrameException, FrameTooLargeException {
    if (block.length == 0 || block[block.length - 1] != 0) {
      throw new MalformedFrameException("the SCGI header block does not end with NUL");
    }
    Map<String, String> fields = new LinkedHashMap<>();
    int pos = 0;
    while (pos < block.length) {
      int nameEnd = nul(block, pos);
      if (nameEnd == pos) {
        throw new MalformedFrameException("an empty SCGI header name at byte " + pos);
      }
      if (nameEnd + 1 >= block.length) {
        throw new MalformedFrameException("SCGI header without a value at byte " + pos);
      }
      int valueEnd = nul(block, nameEnd + 1);
      String name = new String(block, pos, nameEnd - pos, ISO_8859_1);
      String value = new String(block, nameEnd + 1, valueEnd - nameEnd - 1, ISO_8859_1);
      if (fields.isEmpty() && !name.equals(CONTENT_LENGTH)) {
        throw new MalformedFrameException("the first SCGI header is not CONTENT_LENGTH: " + name);
      }
      if (fields.putIfAbsent(name, value) != null) {
        throw new MalformedFrameException("SCGI header repeated: " + name);
      }
      if (fields.size() > maxCount) {
        throw new FrameTooLargeException(fields.size(), maxCount);
      }
      pos = valueEnd + 1;
    }
    if (parseLength(fields.get(CONTENT_LENGTH)) < 0) {
      throw new MalformedFrameException(
          "CONTENT_LENGTH is not a decimal length: " + fields.get(CONTENT_LENGTH));
    }
    return new ScgiHeaders(fields);
  }

  /** The body's length, from {@code CONTENT_LENGTH}. */
  public long contentLength() {
    return parseLength(fields.get(CONTENT_LENGTH));
  }

  /** The value of {@code name}, if present. */
  public Optional<String> get(String name) {
    return Optional.ofNullable(fields.get(name));
  }

  /** The header block (without the netstring around it). */
  public byte[] encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 + 32 * fields.size());
    for (Map.Entry<String, String> e : fields.entrySet()) {
      out.writeBytes(e.getKey().getBytes(ISO_8859_1));
      out.write(0);
      out.writeBytes(e.getValue().getBytes(ISO_8859_1));
      out.write(0);
    }
    return out.toByteArray();
  }

  /** The head of a request: the header block as a netstring, to be followed by the body. */
  public byte[] encodeHead() {
    return NetstringEncoder.encode(encode());
  }

  /** The index of the next NUL from {@code from}; the block is known to end with one. */
  private static int nul(byte[] block, int from) {
    int i = from;
    while (block[i] != 0) {
      i++;
    }
    return i;
  }

  /** A decimal length of at most 18 digits without sign or leading zero, or -1. */
  private static long parseLength(@Nullable String value) {
    if (value == null || value.isEmpty() || value.length() > 18) {
      return -1;
    }
    if (value.length() > 1 && value.charAt(0) == '0') {
      return -1;
    }
    long n = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      n = n * 10 + (c - '0');
    }
    return n;
  }
}
