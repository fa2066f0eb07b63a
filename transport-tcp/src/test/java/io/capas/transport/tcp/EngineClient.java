package io.capas.transport.tcp;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

/**
 * A TLS client over a plain socket through an {@link SSLEngine}, for tests that must tell how a
 * server ended its side: {@link #readToTheEnd(ByteBuffer)} says whether a close_notify came before
 * the end of the stream, which an {@code SSLSocket} does not (it reads -1 either way). Blocking,
 * every read bounded by the socket's timeout. Not thread-safe.
 */
final class EngineClient implements AutoCloseable {

  /** How the server ended its side. */
  enum End {
    /** A close_notify, then (or not yet) the end of the stream. */
    CLOSE_NOTIFY,
    /** The end of the stream without a close_notify. */
    EOF
  }

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final SSLEngine engine;
  private ByteBuffer netIn;
  private ByteBuffer appIn;
  private final ByteBuffer netOut;

  EngineClient(SSLContext context, InetSocketAddress server, String protocol, Duration timeout)
      throws IOException {
    socket = new Socket(server.getAddress(), server.getPort());
    socket.setSoTimeout((int) timeout.toMillis());
    in = socket.getInputStream();
    out = socket.getOutputStream();
    engine = context.createSSLEngine("localhost", server.getPort());
    engine.setUseClientMode(true);
    engine.setEnabledProtocols(new String[] {protocol});
    netIn = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
    appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
    netOut = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
    engine.beginHandshake();
    for (int i = 0; i < 1_000; i++) {
      switch (engine.getHandshakeStatus()) {
        case NEED_WRAP -> wrap(ByteBuffer.allocate(0));
        case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
          if (unwrap() == SSLEngineResult.Status.BUFFER_UNDERFLOW && !fill()) {
            throw new EOFException("the server ended the stream in the handshake");
          }
        }
        case NEED_TASK -> {
          for (Runnable task; (task = engine.getDelegatedTask()) != null; ) {
            task.run();
          }
        }
        case FINISHED, NOT_HANDSHAKING -> {
          return;
        }
      }
    }
    throw new SSLException("handshake did not end");
  }

  /** Sends {@code data} in records. */
  void send(byte[] data) throws IOException {
    ByteBuffer plain = ByteBuffer.wrap(data);
    while (plain.hasRemaining()) {
      wrap(plain);
    }
  }

  /** Sends close_notify: this side is done writing. */
  void closeOutbound() throws IOException {
    engine.closeOutbound();
    while (!engine.isOutboundDone()) {
      wrap(ByteBuffer.allocate(0));
    }
  }

  /**
   * Reads plaintext until the server ends its side; the plaintext read is put into {@code
   * plaintext}'s remaining space (more is an error).
   */
  End readToTheEnd(ByteBuffer plaintext) throws IOException {
    for (int i = 0; i < 100_000; i++) {
      SSLEngineResult.Status status = netIn.position() == 0 ? null : unwrap();
      appIn.flip();
      plaintext.put(appIn);
      appIn.clear();
      if (engine.isInboundDone()) {
        return End.CLOSE_NOTIFY;
      }
      if ((status == null || status == SSLEngineResult.Status.BUFFER_UNDERFLOW) && !fill()) {
        return End.EOF;
      }
    }
    throw new IOException("no end after 100,000 reads");
  }

  private void wrap(ByteBuffer plain) throws IOException {
    netOut.clear();
    engine.wrap(plain, netOut);
    out.write(netOut.array(), 0, netOut.position());
    out.flush();
  }

  private SSLEngineResult.Status unwrap() throws SSLException {
    netIn.flip();
    SSLEngineResult result = engine.unwrap(netIn, appIn);
    netIn.compact();
    if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
      appIn = ByteBuffer.allocate(appIn.capacity() * 2).put(appIn.flip());
    }
    return result.getStatus();
  }

  /** Reads more ciphertext; false at the end of the stream. */
  private boolean fill() throws IOException {
    if (!netIn.hasRemaining()) {
      netIn = ByteBuffer.allocate(netIn.capacity() * 2).put(netIn.flip());
    }
    int n = in.read(netIn.array(), netIn.position(), netIn.remaining());
    if (n < 0) {
      return false;
    }
    netIn.position(netIn.position() + n);
    return true;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
