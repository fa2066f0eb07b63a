package io.capas.transport.tcp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import javax.net.ssl.SSLSocket;

/**
 * A {@link java.net.Socket} view of a connected {@link SSLSocket} that reports itself closed from
 * the moment {@link #close()} starts, so that a {@link io.capas.socket.TcpClient} over it keeps the
 * transport's contract: a read woken by close fails instead of returning end of stream.
 *
 * <p>Needed because an {@code SSLSocket} closing under a blocked reader first exchanges
 * close_notify alerts, and the woken reader may see the peer's alert as end of stream before the
 * socket says it is closed. Only the methods a {@code TcpClient} uses are delegated; the others are
 * the base class's unconnected socket and must not be relied upon.
 *
 * <p>Safe for concurrent use as far as the {@code SSLSocket} is.
 */
final class TlsSocket extends java.net.Socket {

  private final SSLSocket ssl;
  private volatile boolean closing;

  TlsSocket(SSLSocket ssl) {
    this.ssl = ssl;
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
