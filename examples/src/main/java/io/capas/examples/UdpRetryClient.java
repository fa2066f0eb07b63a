package io.capas.examples;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.capas.socket.UdpSocket;
import io.capas.transport.Datagram;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The slides' UDP client that copes with loss: it sends its request, waits 0.1 s for the answer,
 * and on each timeout sends again waiting twice as long; once the wait would pass 2 s it gives up
 * with "server seems down". Waits are 0.1, 0.2, 0.4, 0.8 and 1.6 s: five sends, 3.1 s at most.
 *
 * <pre>{@code
 * delay = 0.1
 * while True:
 *     sock.send(data); sock.settimeout(delay)
 *     try: data = sock.recv(MAX_BYTES)
 *     except socket.timeout:
 *         delay *= 2
 *         if delay > 2.0: raise RuntimeError('server seems down')
 *     else: break
 * }</pre>
 *
 * <p>Only a datagram from the server's address counts as its answer. Thread-safe (static methods
 * only).
 */
public final class UdpRetryClient {

  /** The first wait. */
  public static final Duration FIRST_WAIT = Duration.ofMillis(100);

  /** Past this wait the client gives up. */
  public static final Duration GIVE_UP_PAST = Duration.ofSeconds(2);

  /** What the client reports when it gives up. */
  public static final String SERVER_DOWN = "server seems down";

  /** The most stray datagrams (not from the server) ignored while waiting for one answer. */
  static final int MAX_STRAY = 100;

  private UdpRetryClient() {}

  /** The server did not answer before the wait passed its limit. */
  public static final class ServerDownException extends SocketTimeoutException {
    private static final long serialVersionUID = 1L;

    ServerDownException(int attempts) {
      super(SERVER_DOWN + " (no answer to " + attempts + " sends)");
    }
  }

  /**
   * {@link #request(InetSocketAddress, String, Duration, Duration, PrintStream)} with 0.1 s, 2 s.
   */
  public static String request(InetSocketAddress server, String text, PrintStream out)
      throws IOException {
    return request(server, text, FIRST_WAIT, GIVE_UP_PAST, out);
  }

  /**
   * Sends {@code text} until {@code server} answers, doubling the wait from {@code firstWait} and
   * giving up once it would pass {@code giveUpPast}; prints each wait on {@code out}.
   *
   * @throws ServerDownException no answer came
   */
  public static String request(
      InetSocketAddress server,
      String text,
      Duration firstWait,
      Duration giveUpPast,
      PrintStream out)
      throws IOException {
    if (firstWait.isNegative() || firstWait.isZero() || giveUpPast.compareTo(firstWait) < 0) {
      throw new IllegalArgumentException(
          "need 0 < firstWait <= giveUpPast: " + firstWait + ", " + giveUpPast);
    }
    try (UdpSocket socket = UdpSocket.open()) {
      int attempts = 0;
      for (Duration wait = firstWait;
          wait.compareTo(giveUpPast) <= 0;
          wait = wait.multipliedBy(2)) {
        socket.send(text.getBytes(UTF_8), server);
        attempts++;
        out.println("Waiting up to " + wait.toMillis() / 1000.0 + " seconds for a reply");
        String answer = awaitAnswer(socket, server, wait);
        if (answer != null) {
          return answer;
        }
      }
      throw new ServerDownException(attempts);
    }
  }

  /** The server's answer within {@code wait}, or null on timeout. */
  private static @Nullable String awaitAnswer(
      UdpSocket socket, InetSocketAddress server, Duration wait) throws IOException {
    long deadline = System.nanoTime() + wait.toNanos();
    for (int stray = 0; stray <= MAX_STRAY; stray++) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return null;
      }
      Datagram datagram;
      try {
        datagram = socket.receive(Duration.ofNanos(Math.max(left, 1_000_000)));
      } catch (SocketTimeoutException e) {
        return null;
      }
      if (datagram.sender().equals(server)) {
        return new String(datagram.data(), UTF_8);
      }
    }
    return null;
  }
}
