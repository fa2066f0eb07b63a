package io.capas.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The plain byte echo that the socket ping-pong benchmarks share: one loopback connection whose
 * peer writes back whatever it reads, on a thread of the given kind. Nothing of capas runs here.
 * Not thread-safe; one per benchmark trial.
 */
public final class LoopbackEcho implements AutoCloseable {
  private final ServerSocket listener;
  private final Thread echo;
  private final Socket client;

  private LoopbackEcho(Thread.Builder threads) throws IOException {
    listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    echo = threads.start(this::echoLoop);
    client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
    client.setTcpNoDelay(true);
    client.setSoTimeout(30_000);
  }

  /** Starts the echo with its peer on a thread from {@code threads}, and connects to it. */
  public static LoopbackEcho start(Thread.Builder threads) throws IOException {
    return new LoopbackEcho(threads);
  }

  /** The benchmark's end of the connection. */
  public Socket client() {
    return client;
  }

  private void echoLoop() {
    try (Socket peer = listener.accept()) {
      peer.setTcpNoDelay(true);
      InputStream pin = peer.getInputStream();
      OutputStream pout = peer.getOutputStream();
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = pin.read(buffer)) > 0; ) {
        pout.write(buffer, 0, n);
      }
    } catch (IOException closed) {
      // the trial ended
    }
  }

  @Override
  public void close() throws IOException {
    client.close();
    listener.close();
    try {
      echo.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
