package io.capas.framing;

import io.capas.testing.codec.Golden;
import io.capas.testing.codec.Hex;
import io.capas.testing.codec.Mutations;
import io.capas.testing.codec.TricklingInputStream;
import java.io.EOFException;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bounded seeded fuzzing: mutated golden frames give frames or typed failures, nothing else. */
class FramingFuzzTest {
  private static final int MAX = 4096;

  @ParameterizedTest
  @ValueSource(strings = {"framing/two-frames.hex", "framing/padded-chunks.hex"})
  void decodersOnlyThrowTypedExceptions(String golden) {
    byte[] seed = Golden.bytes(golden);
    for (byte[] variant : Mutations.of(seed, golden.hashCode(), 5_000)) {
      check(
          variant,
          () -> {
            FrameDecoder decoder = new FrameDecoder(MAX);
            ByteBuffer in = ByteBuffer.wrap(variant);
            for (int i = 0; i < variant.length && decoder.decode(in).isPresent(); i++) {}
            decoder.endOfInput(in);
          });
      check(
          variant,
          () -> {
            PaddedChunkDecoder decoder = new PaddedChunkDecoder(8, MAX);
            ByteBuffer in = ByteBuffer.wrap(variant);
            for (int i = 0; i < variant.length && decoder.decode(in).isPresent(); i++) {}
            decoder.endOfInput(in);
          });
      check(
          variant,
          () -> {
            FrameReader reader =
                new FrameReader(TricklingInputStream.of(variant, variant.length), MAX);
            for (int i = 0; i < variant.length && reader.read().isPresent(); i++) {}
          });
      check(
          variant,
          () -> {
            PaddedChunkReader reader =
                new PaddedChunkReader(TricklingInputStream.of(variant, 7), 8, MAX);
            for (Optional<byte[]> p = reader.read(); p.isPresent(); p = reader.read()) {
              if (p.get().length > MAX) {
                throw new AssertionError("payload over the limit");
              }
            }
          });
    }
  }

  private interface Body {
    void run() throws Exception;
  }

  private static void check(byte[] variant, Body body) {
    try {
      body.run();
    } catch (ProtocolException | EOFException expected) {
      // FrameTooLargeException, MalformedFrameException, TruncatedFrameException
    } catch (Exception | Error e) {
      throw new AssertionError("untyped failure for input " + Hex.format(variant), e);
    }
  }
}
