package io.capas.benchmarks.servers;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.capas.benchmarks.CannedHttp;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The scale check of issue 7: N keep-alive connections to an XML-RPC server on loopback, each
 * calling {@code suma(2, 3)} once a second for a number of seconds, every answer checked. Prints
 * {@code connected=.. calls=.. answered=.. wrong=.. failedConnections=.. p50_ms=.. p99_ms=..}.
 *
 * <pre>{@code
 * ulimit -n 20000
 * java -cp benchmarks/target/benchmarks.jar io.capas.benchmarks.servers.ScaleLoad PORT 10000 30
 * }</pre>
 *
 * <p>One virtual thread per connection; requests are canned bytes and answers are read by their
 * Content-Length, so the generator stays light next to the server it measures.
 */
public final class ScaleLoad {

  private static final byte[] BODY =
      ("<?xml version=\"1.0\"?><methodCall><methodName>suma</methodName><params>"
              + "<param><value><int>2</int></value></param>"
              + "<param><value><int>3</int></value></param>"
              + "</params></methodCall>")
          .getBytes(US_ASCII);

  private ScaleLoad() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    int connections = Integer.parseInt(args[1]);
    int seconds = Integer.parseInt(args[2]);
    byte[] request =
        concat(
            ("POST /RPC2 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml\r\nContent-Length: "
                    + BODY.length
                    + "\r\n\r\n")
                .getBytes(US_ASCII),
            BODY);
    AtomicLong connected = new AtomicLong();
    AtomicLong calls = new AtomicLong();
    AtomicLong answered = new AtomicLong();
    AtomicLong wrong = new AtomicLong();
    AtomicLong failedConnections = new AtomicLong();
    long[] latencies = new long[connections * (seconds + 1)];
    AtomicLong latencyCount = new AtomicLong();
    CountDownLatch allConnected = new CountDownLatch(connections);
    CountDownLatch done = new CountDownLatch(connections);
    InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    for (int c = 0; c < connections; c++) {
      Thread.ofVirtual()
          .start(
              () -> {
                try (Socket socket = new Socket()) {
                  socket.connect(new InetSocketAddress(loopback, port), 30_000);
                  socket.setSoTimeout(30_000);
                  connected.incrementAndGet();
                  allConnected.countDown();
                  allConnected.await(120, TimeUnit.SECONDS);
                  OutputStream out = socket.getOutputStream();
                  InputStream in = new BufferedInputStream(socket.getInputStream(), 1024);
                  // spread the connections over the first second
                  LockSupport.parkNanos((long) (Math.random() * 1e9));
                  long next = System.nanoTime();
                  for (int i = 0; i < seconds; i++) {
                    long start = System.nanoTime();
                    calls.incrementAndGet();
                    out.write(request);
                    byte[] response = CannedHttp.readResponse(in);
                    long took = System.nanoTime() - start;
                    latencies[(int) latencyCount.getAndIncrement()] = took;
                    if (CannedHttp.contains(response, "<int>5</int>".getBytes(US_ASCII))
                        || CannedHttp.contains(response, "<i4>5</i4>".getBytes(US_ASCII))) {
                      answered.incrementAndGet();
                    } else {
                      wrong.incrementAndGet();
                    }
                    next += 1_000_000_000L;
                    LockSupport.parkNanos(next - System.nanoTime());
                  }
                } catch (IOException | InterruptedException | RuntimeException e) {
                  failedConnections.incrementAndGet();
                  allConnected.countDown();
                } finally {
                  done.countDown();
                }
              });
    }
    boolean finished = done.await(seconds + 180L, TimeUnit.SECONDS);
    long n = Math.min(latencyCount.get(), latencies.length);
    long[] sorted = Arrays.copyOf(latencies, (int) n);
    Arrays.sort(sorted);
    System.out.printf(
        "finished=%s connected=%d calls=%d answered=%d wrong=%d failedConnections=%d"
            + " p50_ms=%.2f p99_ms=%.2f%n",
        finished,
        connected.get(),
        calls.get(),
        answered.get(),
        wrong.get(),
        failedConnections.get(),
        n == 0 ? 0 : sorted[(int) (n / 2)] / 1e6,
        n == 0 ? 0 : sorted[(int) Math.min(n - 1, n * 99 / 100)] / 1e6);
    System.exit(0);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
