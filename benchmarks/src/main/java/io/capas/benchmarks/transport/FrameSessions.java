package io.capas.benchmarks.transport;

import io.capas.framing.FrameDecoder;
import io.capas.framing.FrameEncoder;
import io.capas.transport.Session;
import io.capas.transport.SessionFactory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;

/** The server sessions of the transport benchmarks, on the framing module's codec. */
final class FrameSessions {

  /** The largest frame the benchmark servers accept. */
  static final int MAX_FRAME = 1 << 20;

  private FrameSessions() {}

  /** Answers every length-prefixed frame with the same frame. */
  static SessionFactory echo() {
    return context ->
        new Session() {
          private final FrameDecoder decoder = new FrameDecoder(MAX_FRAME);

          @Override
          public void onData(ByteBuffer data) throws IOException {
            for (Optional<byte[]> frame = decoder.decode(data);
                frame.isPresent();
                frame = decoder.decode(data)) {
              context.write(ByteBuffer.wrap(FrameEncoder.encode(frame.get())));
            }
          }
        };
  }

  /** Decodes every frame and drops it. */
  static SessionFactory sink() {
    return context ->
        new Session() {
          private final FrameDecoder decoder = new FrameDecoder(MAX_FRAME);
          private long frames;

          @Override
          public void onData(ByteBuffer data) throws IOException {
            while (decoder.decode(data).isPresent()) {
              frames++;
            }
          }

          @Override
          public void onClose() {
            if (frames < 0) {
              throw new IllegalStateException("frame counter overflowed");
            }
          }
        };
  }
}
