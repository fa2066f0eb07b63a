package io.capas.transport.tcp;

import io.capas.socket.Dns;
import io.capas.socket.TcpClient;
import io.capas.transport.Endpoint;
import io.capas.transport.HostResolver;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.jspecify.annotations.Nullable;

/**
 * The TLS side of {@link TcpTransport}: client connections that shake hands before they are
 * returned, and server sockets layered over accepted connections, which shake hands on their own
 * thread.
 *
 * <p>Every handshake has a whole deadline: besides the per-read timeout, a timer closes the socket
 * when the deadline passes, so a peer dribbling handshake bytes cannot hold a thread longer.
 * Stateless; safe for concurrent use.
 */
final class TlsSockets {

  private TlsSockets() {}

  /**
   * Connects to {@code remote} over TLS, trying each address of the host in order until one
   * accepts, then shakes hands within {@code connectTimeout} ({@link Duration#ZERO}: no bound).
   *
   * @throws UnknownHostException the host does not resolve
   * @throws ConnectException every address refused
   * @throws SocketTimeoutException connecting or the handshake timed out
   * @throws SSLHandshakeException the handshake failed (an untrusted certificate, a name that does
   *     not match, a peer that is not speaking TLS); the message names host and port
   */
  static TcpClient connect(
      TlsSettings tls,
      HostResolver resolver,
      Endpoint remote,
      Duration connectTimeout,
      boolean tcpNoDelay)
      throws IOException {
    IOException last = null;
    // The lookup is bounded by the connect timeout too: a name server that does not answer
    // cannot hold the caller.
    List<InetAddress> addresses = Dns.addresses(resolver, remote.host(), connectTimeout);
    for (InetAddress address : addresses) {
      InetSocketAddress target = new InetSocketAddress(address, remote.port());
      Socket socket = new Socket();
      try {
        socket.connect(target, millis(connectTimeout));
        socket.setTcpNoDelay(tcpNoDelay);
      } catch (ConnectException | NoRouteToHostException e) {
        closeQuietly(socket, e);
        ConnectException named =
            new ConnectException("connect to " + target + ": " + e.getMessage());
        named.initCause(e);
        last = chain(named, last);
        continue;
      } catch (SocketTimeoutException e) {
        closeQuietly(socket, e);
        SocketTimeoutException named =
            new SocketTimeoutException(
                "connect to " + target + " timed out after " + connectTimeout);
        named.initCause(e);
        last = chain(named, last);
        continue;
      } catch (IOException | RuntimeException e) {
        closeQuietly(socket, e);
        throw e;
      }
      return clientHandshake(tls, socket, remote, connectTimeout);
    }
    throw Objects.requireNonNull(last);
  }

  private static TcpClient clientHandshake(
      TlsSettings tls, Socket socket, Endpoint remote, Duration timeout) throws IOException {
    SSLSocket ssl;
    try {
      ssl =
          (SSLSocket)
              tls.context()
                  .getSocketFactory()
                  .createSocket(socket, remote.host(), remote.port(), true);
    } catch (IOException | RuntimeException e) {
      closeQuietly(socket, e);
      throw e;
    }
    try {
      ssl.setUseClientMode(true);
      if (tls.verifyHostname()) {
        SSLParameters parameters = ssl.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        ssl.setSSLParameters(parameters);
      }
      TlsSocket view = new TlsSocket(ssl);
      view.handshake(socket, timeout, "TLS handshake with " + remote);
      ssl.setSoTimeout(0);
      return TcpClient.wrap(view, view::session);
    } catch (IOException | RuntimeException e) {
      closeQuietly(ssl, e);
      throw e;
    }
  }

  /**
   * Shakes hands on {@code ssl}, layered over {@code raw}, within {@code timeout} ({@link
   * Duration#ZERO}: no bound), leaving the read timeout at {@code timeout}. At the deadline the raw
   * socket is closed, which always wakes the handshake.
   *
   * @throws SocketTimeoutException the deadline passed
   * @throws SSLHandshakeException the handshake failed; the message starts with {@code what}
   */
  static void handshake(SSLSocket ssl, Socket raw, Duration timeout, String what)
      throws IOException {
    ssl.setSoTimeout(millis(timeout));
    AtomicBoolean done = new AtomicBoolean();
    AtomicBoolean expired = new AtomicBoolean();
    if (!timeout.isZero()) {
      CompletableFuture.delayedExecutor(millis(timeout), TimeUnit.MILLISECONDS)
          .execute(
              () -> {
                if (done.compareAndSet(false, true)) {
                  expired.set(true);
                  try {
                    raw.close();
                  } catch (IOException e) {
                    // Already gone: the handshake fails on its own.
                  }
                }
              });
    }
    try {
      ssl.startHandshake();
      if (!done.compareAndSet(false, true)) {
        throw new SocketTimeoutException(what + " timed out after " + timeout);
      }
    } catch (SocketTimeoutException e) {
      done.set(true);
      SocketTimeoutException named =
          new SocketTimeoutException(what + " timed out after " + timeout);
      named.initCause(e);
      throw named;
    } catch (IOException e) {
      done.set(true);
      if (expired.get()) {
        SocketTimeoutException named =
            new SocketTimeoutException(what + " timed out after " + timeout);
        named.initCause(e);
        throw named;
      }
      SSLHandshakeException named = new SSLHandshakeException(what + " failed: " + e.getMessage());
      named.initCause(e);
      throw named;
    }
  }

  /**
   * A listening socket on {@code local} ({@code "*"}: every interface; port 0: a free port); the
   * sockets it accepts become TLS with {@link #serverSide}.
   *
   * @throws BindException the address is in use or not local
   */
  static ServerSocket listen(HostResolver resolver, Endpoint local, int backlog)
      throws IOException {
    InetSocketAddress address =
        local.host().equals("*")
            ? new InetSocketAddress(local.port())
            : new InetSocketAddress(
                Dns.addresses(resolver, local.host(), Duration.ZERO).get(0), local.port());
    ServerSocket socket = new ServerSocket();
    try {
      socket.setReuseAddress(true);
      socket.bind(address, backlog);
    } catch (BindException e) {
      closeQuietly(socket, e);
      BindException named = new BindException("bind " + address + ": " + e.getMessage());
      named.initCause(e);
      throw named;
    } catch (IOException | RuntimeException e) {
      closeQuietly(socket, e);
      throw e;
    }
    return socket;
  }

  /**
   * The server side of TLS over an accepted socket, not yet shaken hands (no I/O happens here); the
   * caller shakes hands with {@link #handshake} on the connection's own thread.
   */
  static SSLSocket serverSide(TlsSettings tls, Socket accepted) throws IOException {
    try {
      SSLSocket ssl =
          (SSLSocket) tls.context().getSocketFactory().createSocket(accepted, null, true);
      ssl.setUseClientMode(false);
      ssl.setNeedClientAuth(tls.needClientAuth());
      refuseRenegotiation(ssl, accepted);
      return ssl;
    } catch (IOException | RuntimeException e) {
      closeQuietly(accepted, e);
      throw e;
    }
  }

  /**
   * Closes {@code accepted} when a second handshake completes on {@code ssl}: under TLS 1.2 and
   * earlier that is a client's renegotiation, which an {@code SSLSocket} accepts by default (the
   * JDK's switch, {@code jdk.tls.rejectClientInitiatedRenegotiation}, is JVM-wide), and a
   * renegotiating client can make the server pay for handshake after handshake (issue 16). TLS 1.3
   * has no renegotiation; its KeyUpdate completes no handshake. The listener runs on the JDK's
   * notification thread, so the refusal may follow the second handshake by a moment: the raw socket
   * is closed, which ends the connection whatever its threads are doing.
   */
  private static void refuseRenegotiation(SSLSocket ssl, Socket accepted) {
    AtomicInteger handshakes = new AtomicInteger();
    ssl.addHandshakeCompletedListener(
        event -> {
          if (handshakes.incrementAndGet() > 1) {
            try {
              accepted.close();
            } catch (IOException e) {
              // Closed already: nothing left to refuse.
            }
          }
        });
  }

  private static IOException chain(IOException latest, @Nullable IOException earlier) {
    if (earlier != null) {
      latest.addSuppressed(earlier);
    }
    return latest;
  }

  /** Milliseconds for {@code setSoTimeout}: zero is no bound, anything positive at least 1 ms. */
  static int millis(Duration timeout) {
    if (timeout.isZero()) {
      return 0;
    }
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
  }

  static void closeQuietly(AutoCloseable closeable, Throwable primary) {
    try {
      closeable.close();
    } catch (Exception e) {
      primary.addSuppressed(e);
    }
  }
}
