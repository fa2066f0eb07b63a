package io.capas.framing;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.capas.testing.codec.TricklingInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing of every framing decoder and reader. Input: byte 0 picks the target, byte
 * 1 seeds the splits (pushed buffers, read sizes) and the target's parameter (padded chunk size,
 * declared length), the rest is the wire.
 *
 * <p>Target 6 is the netstring decoder with {@link ScgiHeaders} on each payload ({@link
 * NetstringFuzzTest}).
 *
 * <p>Exactly these may escape, as the API declares: {@link FrameTooLargeException} (a declared
 * length past the limit), {@link MalformedFrameException} (non-zero padding, a negative length),
 * {@link TruncatedFrameException} (the input ends inside a frame). Anything else fails the test; so
 * does a payload past the limit, a body of the wrong length, or push decoding and blocking reading
 * that disagree on the same bytes.
 */
class FramingCoverageFuzzTest {
  private static final int MAX = 1 << 12;
  private static final int TARGETS = 7;
  private static final int MAX_FRAMES = 64;

  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  @FuzzTest(maxDuration = "6s")
  void decodesWithinTheLimitOrRefuses(byte[] input) throws IOException {
    if (input.length < 2) {
      return;
    }
    int target = (input[0] & 0xff) % TARGETS;
    long seed = input[1];
    byte[] wire = Arrays.copyOfRange(input, 2, input.length);
    int chunkSize = 1 + Math.floorMod(seed, 16);
    try {
      switch (target) {
        case 0 -> frames(new FrameDecoder(MAX), wire, seed);
        case 1 -> paddedChunks(wire, seed, chunkSize);
        case 2 -> contentLengthPush(wire, seed);
        case 3 -> frameReadersAgree(wire, seed);
        case 4 -> pullAll(new PaddedChunkReader(trickle(wire, seed), chunkSize, MAX)::read);
        case 5 -> contentLengthRead(wire, seed);
        default -> NetstringFuzzTest.decode(wire, seed);
      }
    } catch (FrameTooLargeException | MalformedFrameException | TruncatedFrameException typed) {
      // a typed refusal is a correct answer
    }
  }

  private interface PushDecoder {
    Optional<byte[]> decode(ByteBuffer in) throws FrameTooLargeException, MalformedFrameException;

    void endOfInput(ByteBuffer rest) throws TruncatedFrameException;
  }

  private interface Reader {
    Optional<byte[]> read() throws IOException;
  }

  private interface Outcome {
    long[] frames() throws IOException;
  }

  private static long[] frames(FrameDecoder decoder, byte[] wire, long seed) throws IOException {
    return push(
        new PushDecoder() {
          @Override
          public Optional<byte[]> decode(ByteBuffer in)
              throws FrameTooLargeException, MalformedFrameException {
            return decoder.decode(in);
          }

          @Override
          public void endOfInput(ByteBuffer rest) throws TruncatedFrameException {
            decoder.endOfInput(rest);
          }
        },
        wire,
        seed);
  }

  /**
   * Pushes seeded chunks through {@code decoder} and reports the end; returns the payload lengths.
   */
  private static long[] push(PushDecoder decoder, byte[] wire, long seed) throws IOException {
    ByteBuffer in = ByteBuffer.allocate(wire.length).flip();
    Random random = new Random(seed);
    long[] lengths = new long[MAX_FRAMES];
    int frames = 0;
    for (int at = 0; at < wire.length && frames < MAX_FRAMES; ) {
      int n = Math.min(wire.length - at, 1 + random.nextInt(64));
      in.compact().put(wire, at, n).flip();
      at += n;
      while (frames < MAX_FRAMES) {
        Optional<byte[]> f = decoder.decode(in);
        if (f.isEmpty()) {
          break;
        }
        lengths[frames++] = check(f.get());
      }
    }
    if (frames < MAX_FRAMES) {
      decoder.endOfInput(in);
    }
    return Arrays.copyOf(lengths, frames);
  }

  /** The padded-chunk decoder and reader see the same frames, or refuse alike. */
  private static void paddedChunks(byte[] wire, long seed, int chunkSize) throws IOException {
    PaddedChunkDecoder decoder = new PaddedChunkDecoder(chunkSize, MAX);
    String pushed =
        outcome(
            () ->
                push(
                    new PushDecoder() {
                      @Override
                      public Optional<byte[]> decode(ByteBuffer in)
                          throws FrameTooLargeException, MalformedFrameException {
                        return decoder.decode(in);
                      }

                      @Override
                      public void endOfInput(ByteBuffer rest) throws TruncatedFrameException {
                        decoder.endOfInput(rest);
                      }
                    },
                    wire,
                    seed));
    String read =
        outcome(() -> pullAll(new PaddedChunkReader(trickle(wire, seed), chunkSize, MAX)::read));
    agree("padded chunk decoder", pushed, "reader", read);
  }

  /** The read-ahead and exact frame readers and the push decoder agree. */
  private static void frameReadersAgree(byte[] wire, long seed) throws IOException {
    String ahead = outcome(() -> pullAll(new FrameReader(trickle(wire, seed), MAX)::read));
    String exact = outcome(() -> pullAll(FrameReader.exact(trickle(wire, seed), MAX)::read));
    String pushed = outcome(() -> frames(new FrameDecoder(MAX), wire, seed));
    agree("read-ahead reader", ahead, "exact reader", exact);
    agree("read-ahead reader", ahead, "push decoder", pushed);
  }

  private static void contentLengthPush(byte[] wire, long seed) throws IOException {
    long length = declared(wire, seed);
    ContentLengthDecoder decoder = ContentLengthDecoder.of(length, MAX);
    ByteBuffer in = ByteBuffer.wrap(wire);
    Random random = new Random(seed);
    while (in.hasRemaining()) {
      ByteBuffer chunk = in.slice(in.position(), Math.min(in.remaining(), 1 + random.nextInt(64)));
      Optional<byte[]> body = decoder.decode(chunk);
      in.position(in.position() + chunk.position());
      if (body.isPresent()) {
        checkLength(body.get(), length);
        return;
      }
    }
    decoder.endOfInput();
    checkLength(decoder.decode(in).orElseThrow(), length);
  }

  private static void contentLengthRead(byte[] wire, long seed) throws IOException {
    long length = declared(wire, seed);
    checkLength(ContentLengthReader.read(trickle(wire, seed), length, MAX), length);
  }

  private static String outcome(Outcome outcome) throws IOException {
    try {
      return Arrays.toString(outcome.frames());
    } catch (FrameTooLargeException | MalformedFrameException | TruncatedFrameException e) {
      return e.getClass().getSimpleName();
    }
  }

  private static void agree(String one, String first, String other, String second) {
    if (!first.equals(second)) {
      throw new AssertionError(one + ": " + first + ", " + other + ": " + second);
    }
  }

  private static long[] pullAll(Reader reader) throws IOException {
    long[] lengths = new long[MAX_FRAMES];
    int frames = 0;
    while (frames < MAX_FRAMES) {
      Optional<byte[]> f = reader.read();
      if (f.isEmpty()) {
        break;
      }
      lengths[frames++] = check(f.get());
    }
    return Arrays.copyOf(lengths, frames);
  }

  private static long check(byte[] payload) {
    if (payload.length > MAX) {
      throw new AssertionError("payload of " + payload.length + " bytes past the limit");
    }
    return payload.length;
  }

  private static void checkLength(byte[] body, long length) {
    if (body.length != length) {
      throw new AssertionError(body.length + " bytes for a declared length of " + length);
    }
  }

  /** A declared length from the seed: the wire's length, half, or far off (negative, huge). */
  private static long declared(byte[] wire, long seed) {
    return switch (Math.floorMod(seed, 4)) {
      case 0 -> wire.length;
      case 1 -> wire.length / 2;
      case 2 -> seed * 1000;
      default -> wire.length + seed;
    };
  }

  /** Whole reads for a negative seed, else seeded reads of 1 to 64 bytes. */
  private static InputStream trickle(byte[] wire, long seed) {
    return seed < 0
        ? new ByteArrayInputStream(wire)
        : TricklingInputStream.of(wire, seed, 1 + (int) (seed % 64));
  }
}
