package io.capas.framing;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/** Any bytes, in any chunking: whole frames within the limit, or a typed refusal. */
class FramingCoverageFuzzTest {
  private static final int MAX = 1 << 12;

  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  @FuzzTest(maxDuration = "6s")
  void decodesWithinTheLimitOrRefuses(byte[] input) {
    FrameDecoder decoder = new FrameDecoder(MAX);
    int split = input.length == 0 ? 0 : (input[0] & 0xff) % (input.length + 1);
    try {
      for (ByteBuffer chunk :
          new ByteBuffer[] {
            ByteBuffer.wrap(input, 0, split), ByteBuffer.wrap(input, split, input.length - split)
          }) {
        for (var frame = decoder.decode(chunk); frame.isPresent(); frame = decoder.decode(chunk)) {
          if (frame.get().length > MAX) {
            throw new AssertionError("frame of " + frame.get().length + " bytes past the limit");
          }
        }
      }
    } catch (FrameTooLargeException | MalformedFrameException e) {
      // a typed refusal is a correct answer
    }
  }
}
