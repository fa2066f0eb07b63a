package io.capas.framing;

import io.capas.testing.codec.Golden;
import io.capas.testing.codec.Hex;
import io.capas.testing.codec.Mutations;
import java.io.EOFException;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fuzzing of {@link NetstringDecoder} and {@link ScgiHeaders}: only the typed exceptions may escape
 * ({@link FrameTooLargeException}, {@link MalformedFrameException}, {@link
 * TruncatedFrameException}), and no payload or header count passes its limit: mutations of the
 * golden files here, coverage-guided inputs through {@link FramingCoverageFuzzTest}'s target 6.
 */
class NetstringFuzzTest {
  private static final int MAX = 4096;
  private static final int MAX_COUNT = 16;

  @ParameterizedTest
  @ValueSource(strings = {"framing/netstrings.hex", "framing/scgi-head.hex"})
  void mutationsOnlyGiveTypedExceptions(String golden) {
    byte[] seed = Golden.bytes(golden);
    for (byte[] variant : Mutations.of(seed, golden.hashCode(), 5_000)) {
      try {
        decode(variant, variant.length);
      } catch (ProtocolException | EOFException expected) {
        // typed refusals
      } catch (Exception | Error e) {
        throw new AssertionError("untyped failure for input " + Hex.format(variant), e);
      }
    }
  }

  /** Pushes {@code wire} in seeded chunks; each netstring's payload is parsed as SCGI headers. */
  static void decode(byte[] wire, long seed)
      throws FrameTooLargeException, MalformedFrameException, TruncatedFrameException {
    NetstringDecoder decoder = new NetstringDecoder(MAX);
    Random random = new Random(seed);
    ByteBuffer in = ByteBuffer.allocate(wire.length).flip();
    for (int at = 0; at < wire.length; ) {
      int n = Math.min(wire.length - at, 1 + random.nextInt(32));
      in.compact().put(wire, at, n).flip();
      at += n;
      for (int i = 0; i < wire.length; i++) {
        Optional<byte[]> payload = decoder.decode(in);
        if (payload.isEmpty()) {
          break;
        }
        if (payload.get().length > MAX) {
          throw new AssertionError("payload over the limit");
        }
        try {
          ScgiHeaders headers = ScgiHeaders.parse(payload.get(), MAX_COUNT);
          if (headers.fields().size() > MAX_COUNT || headers.contentLength() < 0) {
            throw new AssertionError("headers past their limits: " + headers);
          }
        } catch (MalformedFrameException | FrameTooLargeException notHeaders) {
          // most payloads are not header blocks
        }
      }
    }
    decoder.endOfInput(in);
  }
}
