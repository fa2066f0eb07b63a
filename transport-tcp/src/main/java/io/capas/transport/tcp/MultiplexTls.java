package io.capas.transport.tcp;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import org.jspecify.annotations.Nullable;

/**
 * The TLS layer of one {@link MultiplexConnection}: a server-side {@link SSLEngine} between its
 * non-blocking channel and its session. It shakes hands step by step as bytes arrive ({@link
 * #handshake}, with the engine's delegated tasks handed back to be run off the loop), unwraps the
 * records read into plaintext for the session ({@link #read}) and wraps what the session writes
 * into records ({@link #wrap}), at most one record per wrap, so a message of any size crosses.
 *
 * <p>Buffers follow the engine's sizes ({@link SSLSession#getPacketBufferSize()}, {@link
 * SSLSession#getApplicationBufferSize()}) and grow when it asks; the inbound ones are dropped
 * whenever they are empty, so an idle connection holds none.
 *
 * <p>Renegotiation is refused: under TLS 1.2 and earlier a handshake message after the first
 * handshake (a client's new ClientHello) fails the read with an {@link SSLException} and the
 * connection closes; TLS 1.3 has no renegotiation, and its post-handshake messages (KeyUpdate) are
 * answered. A close_notify from the peer is the end of its stream; {@link #closeOutbound} sends
 * ours. An end of stream without close_notify is taken as an end all the same, as {@code SSLSocket}
 * does.
 *
 * <p>Not thread-safe: its connection calls {@link #handshake}, {@link #read} and the other inbound
 * methods on its loop's thread, and {@link #wrap} and {@link #closeOutbound} under its lock (the
 * engine allows a wrap and an unwrap at once).
 */
final class MultiplexTls {

  /** What the handshake needs next. */
  enum Step {
    /** More bytes from the peer: wait until the channel is readable. */
    READ,
    /** The engine's {@linkplain #delegatedTasks() delegated tasks}, then another step. */
    TASKS,
    /** Done: application data may flow. */
    DONE
  }

  /** Where ciphertext goes: the connection's channel, or its write queue when that is not empty. */
  @FunctionalInterface
  interface Sink {
    /** Sends or queues the remaining bytes of {@code ciphertext}, which may be reused after. */
    void send(ByteBuffer ciphertext) throws IOException;
  }

  /** A handshake takes a few steps; a peer that makes it take this many is not shaking hands. */
  private static final int MAX_HANDSHAKE_STEPS = 1_000;

  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  private static final HandshakeStatus NEED_WRAP = HandshakeStatus.NEED_WRAP;

  private final SSLEngine engine;

  /** Ciphertext read and not yet unwrapped, {@code [0, position)}; null while there is none. */
  private @Nullable ByteBuffer netIn;

  /** Plaintext unwrapped and not yet taken, {@code [0, position)}; null while there is none. */
  private @Nullable ByteBuffer appIn;

  /** {@link #netIn} holds no whole record: nothing to unwrap until the channel gives more. */
  private boolean underflow;

  /** The peer's stream ended (close_notify, or an end of stream); told once appIn is empty. */
  private boolean inputEnded;

  private boolean endTold;

  /** A post-handshake message (TLS 1.3 KeyUpdate) asks for an answer: the connection wraps. */
  private boolean wantsWrap;

  private boolean outboundClosed;
  private volatile @Nullable SSLSession session;
  private boolean tls13;

  /**
   * A server-side engine waiting for the peer's ClientHello; no I/O happens here.
   *
   * @throws SSLException the engine cannot start a handshake (the context is unusable)
   */
  MultiplexTls(TlsSettings settings, InetSocketAddress remote) throws SSLException {
    engine = settings.context().createSSLEngine(remote.getHostString(), remote.getPort());
    engine.setUseClientMode(false);
    engine.setNeedClientAuth(settings.needClientAuth());
    engine.beginHandshake();
  }

  /** The session agreed, once the handshake is done; empty until then. */
  Optional<SSLSession> session() {
    return Optional.ofNullable(session);
  }

  boolean handshaken() {
    return session != null;
  }

  /**
   * Takes the handshake as far as the bytes at hand allow: unwraps what the peer sent (reading the
   * channel while it has bytes), and sends what the engine wraps through {@code sink} (called under
   * the connection's lock, so nothing else writes meanwhile).
   *
   * @throws EOFException the peer ended its stream before the handshake was done
   * @throws SSLException the handshake failed (a peer not speaking TLS, an untrusted certificate);
   *     the engine's alert has been sent when it could be
   */
  Step handshake(SocketChannel channel, Sink sink) throws IOException {
    try {
      for (int i = 0; i < MAX_HANDSHAKE_STEPS; i++) {
        switch (engine.getHandshakeStatus()) {
          case NEED_WRAP -> wrapOnce(EMPTY, sink);
          case NEED_TASK -> {
            return Step.TASKS;
          }
          case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
            if (!unwrapOnce()) {
              int n = fill(channel);
              if (n < 0) {
                throw new EOFException("the peer ended its stream during the TLS handshake");
              }
              if (n == 0) {
                return Step.READ;
              }
            }
          }
          case FINISHED, NOT_HANDSHAKING -> {
            SSLSession agreed = engine.getSession();
            tls13 = "TLSv1.3".equals(agreed.getProtocol());
            session = agreed;
            releaseIfEmpty();
            return Step.DONE;
          }
        }
      }
      throw new SSLException("the TLS handshake took " + MAX_HANDSHAKE_STEPS + " steps");
    } catch (SSLException e) {
      sendAlert(sink, e);
      throw e;
    }
  }

  /** Runs the engine's delegated tasks (the expensive parts of a handshake); from any thread. */
  Runnable delegatedTasks() {
    return () -> {
      for (Runnable task; (task = engine.getDelegatedTask()) != null; ) {
        task.run();
      }
    };
  }

  /**
   * Moves plaintext into {@code dst}: what was unwrapped before, then the records at hand, reading
   * the channel at most once. The session's buffer may be smaller than a record; what does not fit
   * stays here, and {@link #hasPendingInput()} says so, since the channel will not signal it.
   *
   * @return the bytes put into {@code dst}, or -1 once the peer's stream has ended and everything
   *     before the end was taken
   * @throws SSLException a bad record, or a renegotiation (refused)
   */
  int read(SocketChannel channel, ByteBuffer dst) throws IOException {
    int taken = take(dst);
    boolean readChannel = false;
    while (dst.hasRemaining() && !inputEnded) {
      if (!underflow && netIn != null && netIn.position() > 0) {
        if (!unwrapOnce()) {
          continue; // underflow now set: read the channel
        }
        if (engine.isInboundDone()) {
          inputEnded = true; // close_notify
        }
        afterApplicationUnwrap();
        taken += take(dst);
        continue;
      }
      if (readChannel) {
        break;
      }
      readChannel = true;
      int n = fill(channel);
      if (n == 0) {
        break;
      }
      if (n < 0) {
        inputEnded = true;
        try {
          engine.closeInbound();
        } catch (SSLException truncated) {
          // No close_notify before the end: an end all the same (the session's own framing says
          // whether a message was cut), as SSLSocket reports it.
        }
      }
    }
    releaseIfEmpty();
    if (taken == 0 && inputEnded && isEmpty(appIn)) {
      endTold = true;
      return -1;
    }
    return taken;
  }

  /**
   * Whether {@link #read} has something without the channel: plaintext the session's buffer did not
   * take, whole records not unwrapped yet, or an end not told.
   */
  boolean hasPendingInput() {
    return !isEmpty(appIn) || (!underflow && !isEmpty(netIn)) || (inputEnded && !endTold);
  }

  /**
   * Whether a post-handshake message asks for an answer, to be sent by {@link #wrap} of nothing.
   */
  boolean wantsWrap() {
    return wantsWrap;
  }

  /**
   * Wraps all of {@code plain} (possibly nothing, to answer a post-handshake message) into records
   * sent through {@code sink}, one record per wrap.
   *
   * @throws SocketException our side of TLS is closed (close_notify sent, or answered to the peer's
   *     under TLS 1.2)
   */
  void wrap(ByteBuffer plain, Sink sink) throws IOException {
    wantsWrap = false;
    if (!plain.hasRemaining() && engine.getHandshakeStatus() != NEED_WRAP) {
      return;
    }
    ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
    do {
      SSLEngineResult result = engine.wrap(plain, out.clear());
      switch (result.getStatus()) {
        case BUFFER_OVERFLOW -> {
          out = ByteBuffer.allocate(Math.max(out.capacity() * 2, packetSize()));
          continue;
        }
        case CLOSED -> {
          sendFlipped(out, sink);
          if (plain.hasRemaining()) {
            throw new SocketException("TLS output is closed (close_notify)");
          }
          return;
        }
        case OK, BUFFER_UNDERFLOW -> sendFlipped(out, sink);
      }
      if (result.bytesConsumed() == 0 && result.bytesProduced() == 0) {
        // Only a handshake in progress makes a wrap take nothing, and a renegotiation is refused.
        throw new SSLException("TLS cannot send while " + result.getHandshakeStatus());
      }
      runTasksInPlace();
    } while (plain.hasRemaining() || (tls13 && engine.getHandshakeStatus() == NEED_WRAP));
  }

  /** Sends close_notify through {@code sink}, once; our side of TLS is closed after it. */
  void closeOutbound(Sink sink) throws IOException {
    if (outboundClosed) {
      return;
    }
    outboundClosed = true;
    engine.closeOutbound();
    ByteBuffer out = ByteBuffer.allocate(packetSize());
    for (int i = 0; i < 4 && !engine.isOutboundDone(); i++) {
      SSLEngineResult result = engine.wrap(EMPTY, out.clear());
      sendFlipped(out, sink);
      if (result.bytesProduced() == 0) {
        return;
      }
    }
  }

  /** Unwraps one record into {@link #appIn}; false on underflow (a partial record). */
  private boolean unwrapOnce() throws SSLException {
    ByteBuffer net = netIn;
    if (net == null || net.position() == 0) {
      underflow = true;
      return false;
    }
    ByteBuffer app = appIn;
    if (app == null) {
      app = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
      appIn = app;
    }
    SSLEngineResult result;
    net.flip();
    try {
      result = engine.unwrap(net, app);
    } finally {
      net.compact();
    }
    switch (result.getStatus()) {
      case BUFFER_UNDERFLOW -> {
        underflow = true; // fill() grows the buffer when a record is bigger than it
        return false;
      }
      case BUFFER_OVERFLOW -> {
        int size = Math.max(app.capacity() * 2, engine.getSession().getApplicationBufferSize());
        appIn = ByteBuffer.allocate(size).put(app.flip());
        return true;
      }
      case OK, CLOSED -> {
        return true;
      }
    }
    throw new AssertionError(result.getStatus());
  }

  /**
   * After a record of the application phase: under TLS 1.3 answers post-handshake messages; under
   * TLS 1.2 and earlier a handshake that starts again is a renegotiation, refused.
   */
  private void afterApplicationUnwrap() throws SSLException {
    HandshakeStatus status = engine.getHandshakeStatus();
    if (status == HandshakeStatus.NOT_HANDSHAKING || status == HandshakeStatus.FINISHED) {
      return;
    }
    if (engine.isInboundDone()) {
      return; // the answer to a TLS 1.2 close_notify: sent when the connection closes
    }
    if (!tls13) {
      throw new SSLException(
          "TLS renegotiation refused ("
              + engine.getSession().getProtocol()
              + "): the peer started a new handshake");
    }
    runTasksInPlace();
    wantsWrap = engine.getHandshakeStatus() == NEED_WRAP;
  }

  /** Post-handshake tasks are rare and small (a TLS 1.3 KeyUpdate): run where they come. */
  private void runTasksInPlace() {
    if (engine.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
      delegatedTasks().run();
    }
  }

  /** Reads the channel into {@link #netIn}, made big enough for a whole record. */
  private int fill(SocketChannel channel) throws IOException {
    ByteBuffer net = netIn;
    if (net == null) {
      net = ByteBuffer.allocate(packetSize());
      netIn = net;
    } else if (!net.hasRemaining()) {
      net = ByteBuffer.allocate(Math.max(net.capacity() * 2, packetSize())).put(net.flip());
      netIn = net;
    }
    int n = channel.read(net);
    if (n > 0) {
      underflow = false;
    }
    return n;
  }

  /** Moves what {@link #appIn} holds into {@code dst}, as much as fits. */
  private int take(ByteBuffer dst) {
    ByteBuffer app = appIn;
    if (app == null || app.position() == 0) {
      return 0;
    }
    app.flip();
    int n = Math.min(app.remaining(), dst.remaining());
    dst.put(dst.position(), app, app.position(), n);
    dst.position(dst.position() + n);
    app.position(app.position() + n);
    app.compact();
    return n;
  }

  private void wrapOnce(ByteBuffer plain, Sink sink) throws IOException {
    ByteBuffer out = ByteBuffer.allocate(packetSize());
    while (true) {
      SSLEngineResult result = engine.wrap(plain, out);
      if (result.getStatus() != SSLEngineResult.Status.BUFFER_OVERFLOW) {
        sendFlipped(out, sink);
        if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
          throw new SSLException("TLS closed during the handshake");
        }
        return;
      }
      out = ByteBuffer.allocate(out.capacity() * 2);
    }
  }

  /**
   * After a failed handshake the engine may hold an alert (a handshake_failure, a bad_certificate):
   * sends it if it can, so the peer learns why; failing to is no news.
   */
  private void sendAlert(Sink sink, SSLException failure) {
    try {
      ByteBuffer out = ByteBuffer.allocate(packetSize());
      for (int i = 0; i < 4 && engine.getHandshakeStatus() == NEED_WRAP; i++) {
        engine.wrap(EMPTY, out.clear());
        sendFlipped(out, sink);
      }
    } catch (IOException | RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  private static void sendFlipped(ByteBuffer out, Sink sink) throws IOException {
    out.flip();
    if (out.hasRemaining()) {
      sink.send(out);
    }
  }

  private int packetSize() {
    return engine.getSession().getPacketBufferSize();
  }

  /** Drops the inbound buffers while they hold nothing, so an idle connection keeps none. */
  private void releaseIfEmpty() {
    if (isEmpty(netIn)) {
      netIn = null;
      underflow = false;
    }
    if (isEmpty(appIn)) {
      appIn = null;
    }
  }

  private static boolean isEmpty(@Nullable ByteBuffer buffer) {
    return buffer == null || buffer.position() == 0;
  }
}
