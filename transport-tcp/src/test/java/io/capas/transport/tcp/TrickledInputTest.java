package io.capas.transport.tcp;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.transport.Connection;
import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import io.capas.transport.Server;
import io.capas.transport.Session;
import io.capas.transport.SessionContext;
import io.capas.transport.internal.ReadBuffers;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 12, item 11: a request that trickles in, a few bytes per read, while the session waits for
 * its end (as an HTTP head or body does) must cost work linear in its size. The read buffer used to
 * be compacted after every read, moving everything buffered each time: a 192 KiB request read a few
 * bytes at a time moved gigabytes. Now the unconsumed bytes move only when the buffer is full.
 */
class TrickledInputTest {
  private static final int SIZE = 192 * 1024;

  /** Consumes nothing until a whole line is there, then answers with the line's length. */
  private static Session lines(SessionContext context) {
    return new Session() {
      @Override
      public void onData(ByteBuffer data) throws IOException {
        for (int i = data.position(); i < data.limit(); i++) {
          if (data.get(i) == '\n') {
            int length = i - data.position();
            data.position(i + 1);
            context.write(ByteBuffer.wrap((length + "\n").getBytes(US_ASCII)));
            return;
          }
        }
      }
    };
  }

  @ParameterizedTest
  @EnumSource(TcpConfig.Model.class)
  void aLineTrickledInSmallWritesIsMovedAFewTimesAtMost(TcpConfig.Model model) throws Exception {
    TcpTransport transport =
        new TcpTransport(TcpConfig.builder().model(model).build(), HostResolver.system());
    byte[] line = new byte[SIZE + 1];
    Arrays.fill(line, (byte) 'a');
    line[SIZE] = '\n';
    try (Server server = transport.serve(Endpoint.of("127.0.0.1", 0), TrickledInputTest::lines);
        Connection client =
            new TcpTransport(TcpConfig.defaults(), HostResolver.system())
                .connect(
                    Endpoint.of("127.0.0.1", server.address().getPort()), Duration.ofSeconds(10))) {
      long before = ReadBuffers.movedBytes();
      // Bounded: SIZE / 64 writes of 64 bytes, then one read of the answer.
      for (int offset = 0; offset < line.length; offset += 64) {
        client.sendAll(Arrays.copyOfRange(line, offset, Math.min(line.length, offset + 64)));
      }
      assertEquals(String.valueOf(SIZE), client.receiveLine(64));
      long moved = ReadBuffers.movedBytes() - before;
      assertTrue(moved <= 4L * SIZE, model + ": moved " + moved + " bytes for " + SIZE);
    }
  }
}
