/*
 * The kernel's ceiling for bench/UnixVsTcp.java: 200-byte ping-pongs over a Unix domain socket
 * against TCP loopback (TCP_NODELAY), raw JDK channels and no capas code, in the same run, rounds
 * alternating. Each pair is one client thread and one echo thread on a connection of their own.
 *
 * Waits:
 *   platform  blocking channels on platform threads
 *   virtual   blocking channels on virtual threads (the JDK's poller parks them)
 *   selector  non-blocking channels on virtual threads, each waiting in a selector of its own with
 *             a timeout (how a read timeout can be had on a Unix channel through public API)
 *
 * Usage (JDK 21+; no build needed):
 *   java bench/RawUnixVsTcp.java [PAIRS] [SECONDS] [platform|virtual|selector] [ROUNDS]
 */
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

public class RawUnixVsTcp {
  private static final int SIZE = 200;

  public static void main(String[] args) throws Exception {
    int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 4;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    String wait = args.length > 2 ? args[2] : "platform";
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    for (int r = 0; r < rounds; r++) {
      double unix = measure(true, pairs, seconds, wait);
      double tcp = measure(false, pairs, seconds, wait);
      System.out.printf(
          "%s, %d pair(s), round %d: unix %,.0f/s  tcp %,.0f/s  unix/tcp %.2f%n",
          wait, pairs, r + 1, unix, tcp, unix / tcp);
    }
  }

  private static double measure(boolean unix, int pairs, int seconds, String wait)
      throws Exception {
    Path dir = Files.createTempDirectory("capas-raw");
    Path file = dir.resolve("s");
    ServerSocketChannel listener =
        unix
            ? ServerSocketChannel.open(StandardProtocolFamily.UNIX)
                .bind(UnixDomainSocketAddress.of(file))
            : ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
    SocketAddress address = listener.getLocalAddress();
    AtomicBoolean stop = new AtomicBoolean();
    LongAdder trips = new LongAdder();
    List<Thread> clients = new ArrayList<>();
    List<SocketChannel> open = new ArrayList<>();
    for (int i = 0; i < pairs; i++) {
      SocketChannel client = SocketChannel.open(address);
      SocketChannel server = listener.accept();
      open.add(client);
      open.add(server);
      if (!unix) {
        client.setOption(StandardSocketOptions.TCP_NODELAY, true);
        server.setOption(StandardSocketOptions.TCP_NODELAY, true);
      }
      Waiter serverWait = waiter(server, wait);
      Waiter clientWait = waiter(client, wait);
      start(wait, () -> echo(server, serverWait));
      clients.add(start(wait, () -> ping(client, clientWait, stop, trips)));
    }
    long start = System.nanoTime();
    Thread.sleep(seconds * 1000L);
    stop.set(true);
    for (Thread client : clients) {
      client.join();
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    for (SocketChannel channel : open) {
      channel.close();
    }
    listener.close();
    Files.deleteIfExists(file);
    Files.delete(dir);
    return trips.sum() / elapsed;
  }

  private static Thread start(String wait, Runnable task) {
    return wait.equals("platform")
        ? Thread.ofPlatform().start(task)
        : Thread.ofVirtual().start(task);
  }

  /** How a thread waits for bytes: nothing (blocking channel) or a selector of the channel's own. */
  interface Waiter {
    void await() throws IOException;
  }

  private static Waiter waiter(SocketChannel channel, String wait) throws IOException {
    if (!wait.equals("selector")) {
      return () -> {};
    }
    channel.configureBlocking(false);
    Selector selector = Selector.open();
    channel.register(selector, SelectionKey.OP_READ);
    return () -> {
      selector.select(30_000);
      selector.selectedKeys().clear();
    };
  }

  private static void echo(SocketChannel channel, Waiter waiter) {
    ByteBuffer buffer = ByteBuffer.allocateDirect(SIZE);
    try {
      while (true) {
        buffer.clear();
        int n;
        while ((n = channel.read(buffer)) == 0) {
          waiter.await();
        }
        if (n < 0) {
          return;
        }
        buffer.flip();
        while (buffer.hasRemaining()) {
          channel.write(buffer); // 200 bytes always fit an empty send buffer
        }
      }
    } catch (IOException e) {
      // closed at the end of the round
    }
  }

  private static void ping(
      SocketChannel channel, Waiter waiter, AtomicBoolean stop, LongAdder trips) {
    ByteBuffer buffer = ByteBuffer.allocateDirect(SIZE);
    try {
      while (!stop.get()) {
        buffer.clear();
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        buffer.clear();
        while (buffer.hasRemaining()) {
          int n = channel.read(buffer);
          if (n < 0) {
            throw new EOFException("the echo thread closed");
          }
          if (n == 0) {
            waiter.await();
          }
        }
        trips.increment();
      }
    } catch (IOException e) {
      throw new RuntimeException(e);
    }
  }
}
