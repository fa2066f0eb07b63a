package io.capas.framing;

import java.io.IOException;
import java.io.OutputStream;

/** Encodes padded chunks (format in {@link PaddedChunkDecoder}). Immutable and thread-safe. */
public final class PaddedChunkEncoder {
  private final int chunkSize;

  /**
   * @param chunkSize C, in [1, 16 MiB]
   */
  public PaddedChunkEncoder(int chunkSize) {
    this.chunkSize = Limits.checkChunkSize(chunkSize);
  }

  /** The chunk for {@code payload}: header, payload, zero padding. */
  public byte[] encode(byte[] payload) {
    int padding = Limits.padding(payload.length, chunkSize);
    byte[] out = new byte[Math.addExact(Math.addExact(4, payload.length), padding)];
    FrameEncoder.putHeader(out, payload.length);
    System.arraycopy(payload, 0, out, 4, payload.length);
    return out;
  }

  /** Writes the chunk for {@code payload} in one write; does not flush. */
  public void write(OutputStream out, byte[] payload) throws IOException {
    out.write(encode(payload));
  }
}
