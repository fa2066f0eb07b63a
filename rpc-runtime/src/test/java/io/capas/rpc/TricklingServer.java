package io.capas.rpc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A misbehaving peer on loopback for deadline tests: for each connection (at most 16) it reads what
 * arrives (or, when {@code reads} is false, never reads), then writes {@code prefix} and then one
 * byte every {@code gapMillis} ms, at most {@code trickleBytes} of them. Stops its threads and
 * closes its sockets in {@link #close()}.
 */
final class TricklingServer implements AutoCloseable {
  private final ServerSocket listener;
  private final boolean reads;
  private final byte[] prefix;
  private final int trickleBytes;
  private final long gapMillis;
  private final List<Socket> accepted = new CopyOnWriteArrayList<>();
  private final List<Thread> threads = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  private TricklingServer(boolean reads, byte[] prefix, int trickleBytes, long gapMillis)
      throws IOException {
    this.reads = reads;
    this.prefix = prefix;
    this.trickleBytes = trickleBytes;
    this.gapMillis = gapMillis;
    this.listener = new ServerSocket();
    // A small receive buffer, so that a peer that never reads fills it soon.
    listener.setReceiveBufferSize(4096);
    listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    threads.add(Thread.ofPlatform().daemon().name("trickling-accept").start(this::accept));
  }

  /** Answers each request with {@code prefix}, then trickles. */
  static TricklingServer trickling(byte[] prefix, int trickleBytes, long gapMillis)
      throws IOException {
    return new TricklingServer(true, prefix, trickleBytes, gapMillis);
  }

  /** Accepts and never reads nor writes: a client's large write blocks. */
  static TricklingServer neverReading() throws IOException {
    return new TricklingServer(false, new byte[0], 0, 0);
  }

  int port() {
    return listener.getLocalPort();
  }

  private void accept() {
    // Bounded: at most 16 connections, ends when the listener is closed.
    for (int i = 0; i < 16 && !closed; i++) {
      Socket s;
      try {
        s = listener.accept();
      } catch (IOException e) {
        return;
      }
      accepted.add(s);
      threads.add(Thread.ofPlatform().daemon().name("trickling-conn").start(() -> serve(s)));
    }
  }

  private void serve(Socket s) {
    try {
      if (!reads) {
        return; // the socket stays open, unread, until close()
      }
      s.setReceiveBufferSize(1 << 20);
      InputStream in = s.getInputStream();
      byte[] buf = new byte[64 * 1024];
      if (in.read(buf) < 0) {
        return;
      }
      OutputStream out = s.getOutputStream();
      out.write(prefix);
      out.flush();
      for (int i = 0; i < trickleBytes && !closed; i++) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(gapMillis));
        out.write('x');
        out.flush();
      }
    } catch (IOException e) {
      // the client gave up and closed: what the tests expect
    }
  }

  @Override
  public void close() throws Exception {
    closed = true;
    listener.close();
    for (Socket s : accepted) {
      s.close();
    }
    for (Thread t : threads) {
      t.join(TimeUnit.SECONDS.toMillis(20));
    }
  }
}
