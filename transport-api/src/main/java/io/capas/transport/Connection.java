package io.capas.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLSession;
import org.jspecify.annotations.Nullable;

/**
 * A connected, blocking byte stream: a connection a client has dialed, or one a blocking server has
 * accepted.
 *
 * <p>Reads and writes may happen from one reader thread and one writer thread at once. {@link
 * #close()} is idempotent and wakes a thread blocked in a read, which then fails with an {@code
 * IOException}. Every blocking read honours {@link #readTimeout(Duration)} and fails with {@link
 * java.net.SocketTimeoutException} when it passes.
 */
public interface Connection extends AutoCloseable {

  /** The stream of bytes from the peer; {@code -1} at the peer's end of stream. */
  InputStream input();

  /** The stream of bytes to the peer; {@code write} never returns after a partial send. */
  OutputStream output();

  /** Sends every byte of {@code data}, looping over partial writes, then flushes. */
  void sendAll(byte[] data) throws IOException;

  /**
   * Receives exactly {@code n} bytes, looping over short reads (Python's {@code recvall} idiom).
   *
   * @throws java.io.EOFException the stream ended first; the message says how many bytes were
   *     missing
   */
  byte[] receiveExactly(int n) throws IOException;

  /**
   * Receives one line ended by LF, with an optional CR before it; both are stripped.
   *
   * @return the line, or {@code null} at end of stream before any byte
   * @throws java.net.ProtocolException the line is longer than {@code maxLength} bytes
   * @throws java.io.EOFException the stream ended inside a line
   */
  @Nullable String receiveLine(int maxLength) throws IOException;

  /**
   * Receives whatever is available, at least one byte and at most {@code max}, blocking until some
   * arrives.
   *
   * @return the bytes, or an empty array at end of stream
   */
  byte[] receiveSome(int max) throws IOException;

  /** Bounds each blocking read; {@link Duration#ZERO} means no bound. */
  void readTimeout(Duration timeout) throws IOException;

  /** This end's address ({@code getsockname}). */
  InetSocketAddress localAddress();

  /** The peer's address ({@code getpeername}). */
  InetSocketAddress remoteAddress();

  /**
   * This end's socket address: {@link #localAddress()} for IP; for a Unix domain socket, the {@link
   * java.net.UnixDomainSocketAddress} of the socket file (the server's path on both ends, as the
   * client's end of an {@code AF_UNIX} connection has no name of its own).
   */
  default SocketAddress localSocketAddress() {
    return localAddress();
  }

  /**
   * The peer's socket address: {@link #remoteAddress()} for IP; for a Unix domain socket, the
   * {@link java.net.UnixDomainSocketAddress} of the socket file.
   */
  default SocketAddress remoteSocketAddress() {
    return remoteAddress();
  }

  /**
   * The connection's TLS session, handshaken before the connection was handed out (a client's
   * {@link Dialer#connect} returns after the handshake): the protocol and cipher suite agreed, and
   * the peer's certificates ({@link SSLSession#getPeerCertificates()}, {@link
   * SSLSession#getPeerPrincipal()}) when it presented any. Empty on a connection without TLS, which
   * is the default.
   */
  default Optional<SSLSession> tlsSession() {
    return Optional.empty();
  }

  /** Half-closes: the peer sees end of stream, reads still work. */
  void shutdownOutput() throws IOException;

  /** Closes the connection; idempotent; wakes a blocked reader. */
  @Override
  void close();
}
