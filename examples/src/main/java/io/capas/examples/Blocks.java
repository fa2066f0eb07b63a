package io.capas.examples;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.capas.framing.FrameEncoder;
import io.capas.framing.FrameReader;
import io.capas.socket.TcpClient;
import io.capas.socket.TcpMaster;
import io.capas.socket.TcpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The slides' {@code put_block} and {@code get_block}: each message goes behind a 4-byte big-endian
 * length ({@code struct.Struct('!I')}), so the reader knows where it ends; an empty block ends the
 * conversation. capas's framing layer ({@link FrameEncoder}, {@link FrameReader}) is this format,
 * with a limit on the declared length checked before anything is allocated.
 *
 * <pre>
 *   +--------+------------------+
 *   | N (4)  | N bytes          |   N: unsigned 32-bit big-endian
 *   +--------+------------------+
 * </pre>
 *
 * <p>Thread-safe (static methods only).
 */
public final class Blocks {

  /** The default port. */
  public static final int PORT = 7782;

  /** The largest block accepted. */
  public static final int MAX_BLOCK = 1024 * 1024;

  /** The most blocks one connection may send. */
  public static final int MAX_BLOCKS = 100_000;

  /** What the client sends, one block each, before the empty block. */
  public static final List<String> MESSAGES =
      List.of(
          "Beautiful is better than ugly.",
          "Explicit is better than implicit.",
          "Simple is better than complex.");

  static final Duration TIMEOUT = Duration.ofSeconds(30);

  private Blocks() {}

  /** {@code put_block}: the length, then the bytes. */
  public static void putBlock(OutputStream out, byte[] message) throws IOException {
    FrameEncoder.write(out, message);
    out.flush();
  }

  /**
   * {@code get_block}: the next block, or empty when the stream ends cleanly between blocks.
   *
   * @throws io.capas.framing.FrameTooLargeException the declared length is over {@link #MAX_BLOCK}
   * @throws io.capas.framing.TruncatedFrameException the stream ended inside a block
   */
  public static Optional<byte[]> getBlock(FrameReader in) throws IOException {
    return in.read();
  }

  /**
   * Accepts one client and reads its blocks until the empty one, printing each.
   *
   * @return the blocks received, the empty one excluded
   */
  public static List<String> serveOne(TcpServer listener, PrintStream out) throws IOException {
    try (TcpClient client = listener.accept()) {
      client.readTimeout(TIMEOUT);
      out.println("Accepted connection from " + client.remoteAddress());
      FrameReader in = new FrameReader(client.input(), MAX_BLOCK);
      List<String> blocks = new ArrayList<>();
      while (blocks.size() < MAX_BLOCKS) {
        Optional<byte[]> block = getBlock(in);
        if (block.isEmpty() || block.get().length == 0) {
          break;
        }
        String text = new String(block.get(), UTF_8);
        out.println("Block says: " + PythonRepr.repr(text));
        blocks.add(text);
      }
      return blocks;
    }
  }

  /** Sends {@code messages} as blocks, then the empty block. */
  public static void client(String host, int port, List<String> messages) throws IOException {
    try (TcpClient client = TcpMaster.create().timeout(TIMEOUT).connect(host, port)) {
      OutputStream out = client.output();
      for (String message : messages) {
        putBlock(out, message.getBytes(UTF_8));
      }
      putBlock(out, new byte[0]);
      client.shutdownOutput();
    }
  }

  static void server(String host, int port, PrintStream out) throws IOException {
    try (TcpServer listener = TcpMaster.create().bind(host, port).listen(1)) {
      out.println("Listening at " + listener.localAddress());
      out.println("Run \"capas example blocks-client\" in another window to connect");
      while (!listener.isClosed()) {
        serveOne(listener, out);
      }
    }
  }
}
