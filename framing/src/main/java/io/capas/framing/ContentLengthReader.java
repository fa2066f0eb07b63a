package io.capas.framing;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a body of exactly N bytes from a blocking stream, looping over partial reads and never
 * reading past it. Thread-safe (static methods only; the stream is the caller's).
 */
public final class ContentLengthReader {
  private ContentLengthReader() {}

  /**
   * Reads exactly {@code length} bytes.
   *
   * @throws FrameTooLargeException if {@code length > limit} (checked before reading or allocating)
   * @throws MalformedFrameException if {@code length} is negative
   * @throws TruncatedFrameException if the stream ends first, with the number of missing bytes
   */
  public static byte[] read(InputStream in, long length, long limit) throws IOException {
    ContentLengthDecoder decoder = ContentLengthDecoder.of(length, limit);
    // Bounded: each round reads at least one byte or throws at end of stream.
    while (true) {
      var body = decoder.readFrom(in);
      if (body.isPresent()) {
        return body.get();
      }
    }
  }
}
