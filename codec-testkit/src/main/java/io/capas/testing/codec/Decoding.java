package io.capas.testing.codec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Drives a push decoder the way a non-blocking server does: each chunk is appended to one read
 * buffer, the decoder is asked for messages until it has none, and the buffer is compacted. Not
 * thread-safe (static methods only, but decoders usually are not).
 */
public final class Decoding {
  private Decoding() {}

  /**
   * One decoding step over a buffer in read mode: returns the next whole message, or empty if more
   * input is needed. It consumes what it has used from {@code in}.
   */
  @FunctionalInterface
  public interface Step<T> {
    Optional<T> decode(ByteBuffer in) throws IOException;
  }

  /** What the decoder produced and how many bytes it left unconsumed in the read buffer. */
  public record Result<T>(List<T> messages, int leftover) {
    public Result {
      messages = List.copyOf(messages);
    }
  }

  /** All messages decoded from the chunks, in order; the leftover bytes are ignored. */
  public static <T> List<T> all(Step<T> decoder, List<ByteBuffer> chunks) throws IOException {
    return run(decoder, chunks).messages();
  }

  /** Decodes all chunks and reports the messages and the bytes left in the read buffer. */
  public static <T> Result<T> run(Step<T> decoder, List<ByteBuffer> chunks) throws IOException {
    int total = 0;
    for (ByteBuffer chunk : chunks) {
      total += chunk.remaining();
    }
    ByteBuffer buffer = ByteBuffer.allocate(Math.max(16, total));
    List<T> out = new ArrayList<>();
    for (ByteBuffer chunk : chunks) {
      buffer.put(chunk.duplicate());
      buffer.flip();
      // Bounded: every message consumes at least one byte, so more steps than bytes is a bug.
      for (int steps = 0; ; steps++) {
        if (steps > total) {
          throw new AssertionError("decoder keeps yielding messages without consuming input");
        }
        Optional<T> next = decoder.decode(buffer);
        if (next.isEmpty()) {
          break;
        }
        out.add(next.get());
      }
      buffer.compact();
    }
    return new Result<>(out, buffer.position());
  }
}
