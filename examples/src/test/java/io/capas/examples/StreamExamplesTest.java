package io.capas.examples;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.capas.framing.FrameReader;
import io.capas.framing.FrameTooLargeException;
import io.capas.framing.TruncatedFrameException;
import io.capas.rpc.RpcFault;
import io.capas.socket.TcpClient;
import io.capas.socket.TcpMaster;
import io.capas.socket.TcpServer;
import io.capas.socket.Threads;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.DataFormatException;
import org.junit.jupiter.api.Test;

/** recvall, put_block/get_block and zlib: the stream examples' edge cases. */
class StreamExamplesTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void recvallCollectsBytesSentInPieces() throws Exception {
    try (TcpServer listener = TcpMaster.create().bind("127.0.0.1", 0).listen(1)) {
      Thread sender =
          Threads.start(
              () -> {
                try (TcpClient client =
                    TcpMaster.create().timeout(WAIT).connect("127.0.0.1", listener.port())) {
                  for (byte b : RecvAll.QUESTION.getBytes(US_ASCII)) {
                    client.sendAll(new byte[] {b});
                    client.output().flush();
                  }
                } catch (Exception e) {
                  throw new AssertionError(e);
                }
              });
      try (TcpClient peer = listener.accept()) {
        peer.readTimeout(WAIT);
        assertEquals(RecvAll.QUESTION, new String(RecvAll.recvall(peer, 16), US_ASCII));
      }
      sender.join(WAIT.toMillis());
    }
  }

  @Test
  void recvallReportsAPeerThatClosesEarly() throws Exception {
    try (TcpServer listener = TcpMaster.create().bind("127.0.0.1", 0).listen(1)) {
      try (TcpClient client =
          TcpMaster.create().timeout(WAIT).connect("127.0.0.1", listener.port())) {
        client.sendAll("Hi there".getBytes(US_ASCII));
      }
      try (TcpClient peer = listener.accept()) {
        peer.readTimeout(WAIT);
        EOFException e = assertThrows(EOFException.class, () -> RecvAll.recvall(peer, 16));
        assertEquals(
            "was expecting 16 bytes but only received 8 bytes before the socket closed",
            e.getMessage());
      }
    }
  }

  @Test
  void blocksArriveWholeAndTheEmptyBlockEnds() throws Exception {
    try (TcpServer listener = TcpMaster.create().bind("127.0.0.1", 0).listen(1)) {
      ByteArrayOutputStream printed = new ByteArrayOutputStream();
      CompletableFuture<List<String>> served =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return Blocks.serveOne(listener, new PrintStream(printed, true, UTF_8));
                } catch (Exception e) {
                  throw new AssertionError(e);
                }
              });
      Blocks.client("127.0.0.1", listener.port(), Blocks.MESSAGES);
      assertEquals(Blocks.MESSAGES, served.get(WAIT.toSeconds(), TimeUnit.SECONDS));
      assertTrue(
          printed.toString(UTF_8).contains("Block says: 'Simple is better than complex.'\n"));
    }
  }

  @Test
  void getBlockRefusesATooLargeOrTruncatedBlock() {
    byte[] huge = {0x7f, 0, 0, 0};
    assertThrows(
        FrameTooLargeException.class,
        () -> Blocks.getBlock(new FrameReader(new ByteArrayInputStream(huge), Blocks.MAX_BLOCK)));
    byte[] cut = {0, 0, 0, 10, 'a', 'b'};
    assertThrows(
        TruncatedFrameException.class,
        () -> Blocks.getBlock(new FrameReader(new ByteArrayInputStream(cut), Blocks.MAX_BLOCK)));
  }

  @Test
  void zlibRoundTripsAndFindsTheEndOfAStream() throws DataFormatException {
    byte[] text = "hola ".repeat(1000).getBytes(UTF_8);
    byte[] compressed = Zlib.compress(text);
    assertTrue(compressed.length < 100, "compressed to " + compressed.length);
    assertArrayEquals(text, Zlib.decompress(compressed));
    byte[] followed = new byte[compressed.length + 3];
    System.arraycopy(compressed, 0, followed, 0, compressed.length);
    followed[compressed.length] = 'x';
    Zlib.Inflated inflated = Zlib.decompressFirst(followed, Zlib.MAX_OUTPUT);
    assertArrayEquals(text, inflated.data());
    assertArrayEquals(new byte[] {'x', 0, 0}, inflated.unused());
  }

  @Test
  void zlibStopsAtItsOutputLimitAndRefusesATruncatedStream() {
    byte[] bomb = Zlib.compress(new byte[1024 * 1024]);
    DataFormatException tooBig =
        assertThrows(DataFormatException.class, () -> Zlib.decompressFirst(bomb, 64 * 1024));
    assertEquals("zlib stream expands past 65536 bytes", tooBig.getMessage());
    byte[] cut = Arrays.copyOf(bomb, bomb.length / 2);
    assertThrows(DataFormatException.class, () -> Zlib.decompress(cut));
    assertThrows(DataFormatException.class, () -> Zlib.decompress("not zlib".getBytes(UTF_8)));
  }

  @Test
  void quadraticIsTheCourseFunction() {
    assertEquals(List.of(0.0, 8.0), CourseXmlRpc.quadratic(2, -4, 0));
    assertEquals(List.of(-1.0), CourseXmlRpc.quadratic(1, 2, 1));
    assertEquals(List.of(1.0, 2.0), CourseXmlRpc.quadratic(1, -3, 2));
    RpcFault fault = assertThrows(RpcFault.class, () -> CourseXmlRpc.quadratic(1, 0, 1));
    assertEquals(1, fault.code());
    assertEquals("<class 'ValueError'>:math domain error", fault.faultString());
  }
}
