package io.capas.framing;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Blocking reader of padded chunks (format in {@link PaddedChunkDecoder}); it loops over partial
 * reads. The stream stays the caller's to close. Not thread-safe.
 */
public final class PaddedChunkReader {
  private final FrameReader frames;

  public PaddedChunkReader(InputStream in, int chunkSize, int maxPayload) {
    this.frames = new FrameReader(in, maxPayload, chunkSize, "a padded chunk", false);
  }

  /**
   * The next payload with its padding removed; empty at a clean end of stream.
   *
   * @throws FrameTooLargeException if N exceeds the maximum
   * @throws TruncatedFrameException if the stream ends inside a chunk (padding included)
   * @throws MalformedFrameException if a padding byte is not zero
   */
  public Optional<byte[]> read() throws IOException {
    return frames.read();
  }
}
