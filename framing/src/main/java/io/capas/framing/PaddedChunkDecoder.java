package io.capas.framing;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Push decoder of padded chunks: length-prefixed payloads zero-padded to a multiple of a chunk
 * size, as a chat peer sending its JSON messages in fixed-size chunks frames them.
 *
 * <pre>
 *   0       4                     4+N            4+N+P
 *   +-------+---------------------+--------------+
 *   | N     | N bytes of payload  | P zero bytes |   N: unsigned 32-bit big-endian
 *   +-------+---------------------+--------------+   P: (C - N mod C) mod C
 * </pre>
 *
 * <p>The payload is zero-padded to a multiple of the chunk size C (the 4-byte header is not
 * counted); N = 0 sends no padding. Non-zero padding is a {@link MalformedFrameException}. The
 * contract is that of {@link FrameDecoder}. Not thread-safe; one instance per connection.
 */
public final class PaddedChunkDecoder {
  private final FrameDecoder frames;

  /**
   * @param chunkSize C, in [1, 16 MiB]
   * @param maxPayload the largest N accepted
   */
  public PaddedChunkDecoder(int chunkSize, int maxPayload) {
    this.frames = new FrameDecoder(maxPayload, chunkSize, "a padded chunk");
  }

  /** Returns the next whole payload (padding removed), or empty if more bytes are needed. */
  public Optional<byte[]> decode(ByteBuffer in)
      throws FrameTooLargeException, MalformedFrameException {
    return frames.decode(in);
  }

  /** Whether no message is in progress. */
  public boolean isIdle() {
    return frames.isIdle();
  }

  /** Reports the end of the stream; see {@link FrameDecoder#endOfInput}. */
  public void endOfInput(ByteBuffer rest) throws TruncatedFrameException {
    frames.endOfInput(rest);
  }
}
