package io.capas.transport.tcp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Socket} view of a connected {@link SSLSocket} that reports itself closed from the moment
 * {@link #close()} starts, so that a {@link io.capas.socket.TcpClient} over it keeps the
 * transport's contract: a read woken by close fails instead of returning end of stream.
 *
 * <p>Needed because an {@code SSLSocket} closing under a blocked reader first exchanges
 * close_notify alerts, and the woken reader may see the peer's alert as end of stream before the
 * socket says it is closed. Only the methods a {@code TcpClient} uses are delegated; the others are
 * the base class's unconnected socket and must not be relied upon.
 *
 * <p>It also keeps the TLS session once {@link #handshake} has agreed it, for the {@code
 * TcpClient}'s {@code tlsSession()}.
 *
 * <p>Safe for concurrent use as far as the {@code SSLSocket} is.
 */
final class TlsSocket extends Socket {

  private final SSLSocket ssl;
  private volatile boolean closing;

  /** The session agreed by {@link #handshake}, once it has returned. */
  private volatile @Nullable SSLSession session;

  TlsSocket(SSLSocket ssl) {
    this.ssl = ssl;
  }

  /**
   * Shakes hands on the {@code SSLSocket}, layered over {@code raw}, as {@link
   * TlsSockets#handshake} does, then keeps the session agreed for {@link #session()}.
   */
  void handshake(Socket raw, Duration timeout, String what) throws IOException {
    TlsSockets.handshake(ssl, raw, timeout, what);
    // Only now: before the handshake has completed, getSession() would start one itself, and
    // during it there is no peer certificate yet.
    session = ssl.getSession();
  }

  /** The session agreed by {@link #handshake}; empty until it has returned. */
  Optional<SSLSession> session() {
    return Optional.ofNullable(session);
  }

  @Override
  public InputStream getInputStream() throws IOException {
    return ssl.getInputStream();
  }

  @Override
  public OutputStream getOutputStream() throws IOException {
    return ssl.getOutputStream();
  }

  @Override
  public SocketAddress getLocalSocketAddress() {
    return ssl.getLocalSocketAddress();
  }

  @Override
  public SocketAddress getRemoteSocketAddress() {
    return ssl.getRemoteSocketAddress();
  }

  @Override
  public InetAddress getInetAddress() {
    return ssl.getInetAddress();
  }

  @Override
  public InetAddress getLocalAddress() {
    return ssl.getLocalAddress();
  }

  @Override
  public int getPort() {
    return ssl.getPort();
  }

  @Override
  public int getLocalPort() {
    return ssl.getLocalPort();
  }

  @Override
  public void setSoTimeout(int timeout) throws SocketException {
    ssl.setSoTimeout(timeout);
  }

  @Override
  public int getSoTimeout() throws SocketException {
    return ssl.getSoTimeout();
  }

  @Override
  public void setTcpNoDelay(boolean on) throws SocketException {
    ssl.setTcpNoDelay(on);
  }

  @Override
  public boolean getTcpNoDelay() throws SocketException {
    return ssl.getTcpNoDelay();
  }

  /** Sends close_notify: the peer sees end of stream, and this end may still read. */
  @Override
  public void shutdownOutput() throws IOException {
    ssl.shutdownOutput();
  }

  @Override
  public void shutdownInput() throws IOException {
    ssl.shutdownInput();
  }

  @Override
  public boolean isOutputShutdown() {
    return ssl.isOutputShutdown();
  }

  @Override
  public boolean isInputShutdown() {
    return ssl.isInputShutdown();
  }

  @Override
  public boolean isConnected() {
    return ssl.isConnected();
  }

  @Override
  public boolean isBound() {
    return ssl.isBound();
  }

  @Override
  public boolean isClosed() {
    return closing || ssl.isClosed();
  }

  @Override
  public void close() throws IOException {
    closing = true;
    ssl.close();
  }

  @Override
  public String toString() {
    return "TlsSocket[" + ssl + "]";
  }
}
