package io.capas.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLSession;

/**
 * What a {@link Session} can do to its connection.
 *
 * <p>{@link #write} may block (blocking server models) or queue (multiplexing); either way bytes
 * are sent in order, and a multiplexing server stops reading from a connection whose queue is full.
 * A session that answers one request with a long response (a file) writes it in pieces and, while
 * {@link #writeBacklogged()}, stops and goes on in {@link Session#onWritable()}, so a client that
 * does not read costs the server a bounded queue:
 *
 * <pre>{@code
 * while (response.hasMore() && !context.writeBacklogged()) {
 *   context.write(response.nextPiece());
 * }
 * // the rest follows in onWritable(), once the queue has drained
 * }</pre>
 *
 * <p>Safe for use from the session's own calls; {@link #close()} may be called from any thread.
 */
public interface SessionContext {

  /** Sends the remaining bytes of {@code data}; the buffer may be reused once this returns. */
  void write(ByteBuffer data) throws IOException;

  /**
   * Whether the bytes written and not yet sent exceed the server's high watermark. Only a queuing
   * (multiplexing) model ever reports it; there, a session producing a long response should then
   * stop writing and continue in {@link Session#onWritable()}, which follows once the queue has
   * drained below half the watermark. Blocking models never do ({@link #write} blocks instead): the
   * default is {@code false}.
   */
  default boolean writeBacklogged() {
    return false;
  }

  /**
   * Sets how long the connection may wait for the next bytes before {@link Session#onReadTimeout}
   */
  void readTimeout(Duration timeout);

  /**
   * Runs {@code task} where it may block (a handler reading a database or a file), off the threads
   * that serve other connections' input, and holds this session's calls until it has returned: no
   * {@link Session#onData}, {@link Session#onEndOfStream}, {@link Session#onReadTimeout} or {@link
   * Session#onWritable} comes while it runs. Bytes that arrive meanwhile are kept (reading stops
   * when the buffer is full) and offered once it returns, together with what the session left
   * unconsumed, and the read timeout does not run. The task may {@link #write}, {@link #close} and
   * set the {@link #readTimeout}; what it throws closes the connection, as a session call's failure
   * does.
   *
   * <p>Call it at most once per session call, as the call's last act: the task may run at once on
   * this thread (a model whose session calls already run on a thread of the connection's own, or a
   * call made from an offloaded task) or later on another. The task must not keep the buffer of the
   * {@code onData} that offloaded it: what it needs of it, it copies (or decodes) first.
   *
   * <p>Multiplexing models run it on a new virtual thread, so a slow handler delays only its own
   * connection; the default runs it at once, on the calling thread.
   */
  default void offload(Runnable task) {
    task.run();
  }

  /** Closes the connection once everything written so far is sent. Idempotent. */
  void close();

  InetSocketAddress localAddress();

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
   * The connection's TLS session, handshaken before the session was opened: the protocol and cipher
   * suite agreed, and the peer's certificates ({@link SSLSession#getPeerCertificates()}, {@link
   * SSLSession#getPeerPrincipal()}) when the peer presented one (mutual TLS; they throw {@code
   * SSLPeerUnverifiedException} when it did not). Empty on a connection without TLS, which is the
   * default.
   */
  default Optional<SSLSession> tlsSession() {
    return Optional.empty();
  }
}
