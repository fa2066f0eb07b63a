package io.capas.testing.codec;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Ways of cutting a wire image into chunks, as a network would deliver it. Each chunk is a fresh
 * heap {@link ByteBuffer} over its own copy of the bytes (callers may consume it freely).
 * Thread-safe (static methods only).
 */
public final class Splits {
  private Splits() {}

  /** The whole message as one chunk. */
  public static List<ByteBuffer> whole(byte[] wire) {
    return List.of(ByteBuffer.wrap(wire.clone()));
  }

  /**
   * Every two-way split: for each {@code i} in {@code [0, length]} the chunks {@code [0, i)} and
   * {@code [i, length)} (an empty chunk included at both ends, which decoders must tolerate).
   */
  public static List<List<ByteBuffer>> everyTwoWay(byte[] wire) {
    List<List<ByteBuffer>> all = new ArrayList<>(wire.length + 1);
    for (int i = 0; i <= wire.length; i++) {
      all.add(List.of(slice(wire, 0, i), slice(wire, i, wire.length)));
    }
    return all;
  }

  /** One chunk per byte. */
  public static List<ByteBuffer> oneByteAtATime(byte[] wire) {
    List<ByteBuffer> chunks = new ArrayList<>(wire.length);
    for (int i = 0; i < wire.length; i++) {
      chunks.add(slice(wire, i, i + 1));
    }
    return chunks;
  }

  /** Chunks of {@code size} bytes (the last one shorter). */
  public static List<ByteBuffer> fixed(byte[] wire, int size) {
    if (size < 1) {
      throw new IllegalArgumentException("size must be >= 1: " + size);
    }
    List<ByteBuffer> chunks = new ArrayList<>();
    for (int i = 0; i < wire.length; i += size) {
      chunks.add(slice(wire, i, Math.min(wire.length, i + size)));
    }
    return chunks;
  }

  /** Seeded random chunks of 1 to {@code maxChunk} bytes; the same seed gives the same cuts. */
  public static List<ByteBuffer> randomChunks(byte[] wire, long seed, int maxChunk) {
    if (maxChunk < 1) {
      throw new IllegalArgumentException("maxChunk must be >= 1: " + maxChunk);
    }
    Random random = new Random(seed);
    List<ByteBuffer> chunks = new ArrayList<>();
    int i = 0;
    while (i < wire.length) {
      int n = 1 + random.nextInt(Math.min(maxChunk, wire.length - i));
      chunks.add(slice(wire, i, i + n));
      i += n;
    }
    return chunks;
  }

  /**
   * The usual battery: the whole, every two-way split, one byte at a time, and {@code randomRuns}
   * seeded random chunkings (seeds 0..randomRuns-1, chunks of up to 16 bytes).
   */
  public static List<List<ByteBuffer>> all(byte[] wire, int randomRuns) {
    List<List<ByteBuffer>> all = new ArrayList<>(everyTwoWay(wire));
    all.add(whole(wire));
    all.add(oneByteAtATime(wire));
    for (int seed = 0; seed < randomRuns; seed++) {
      all.add(randomChunks(wire, seed, 16));
    }
    return all;
  }

  /** Concatenates the remaining bytes of the chunks without consuming them. */
  public static byte[] concat(List<ByteBuffer> chunks) {
    int total = 0;
    for (ByteBuffer b : chunks) {
      total += b.remaining();
    }
    byte[] out = new byte[total];
    int at = 0;
    for (ByteBuffer b : chunks) {
      int n = b.remaining();
      b.duplicate().get(out, at, n);
      at += n;
    }
    return out;
  }

  private static ByteBuffer slice(byte[] wire, int from, int to) {
    return ByteBuffer.wrap(Arrays.copyOfRange(wire, from, to));
  }
}
