package io.capas.rpc;

import io.capas.framing.FrameDecoder;
import io.capas.transport.Endpoint;
import io.capas.transport.Server;
import io.capas.transport.Session;
import io.capas.transport.SessionContext;
import io.capas.transport.Transport;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * XML-RPC without HTTP: each request and each response is one length-prefixed frame (4-byte
 * big-endian length, then the XML document) on a byte stream; the connection carries calls one
 * after another. For low latency between capas peers.
 *
 * <pre>
 *   client                          server
 *   [len][&lt;methodCall&gt;...]   ->
 *                               &lt;-  [len][&lt;methodResponse&gt;...]
 * </pre>
 *
 * <p>A client may send the next request before the previous response arrived (pipelining): the
 * server answers every request frame with one response frame, in request order, and writes the
 * responses to the requests that arrived together in one go. A frame over the limit or a broken
 * frame closes the connection once the responses to the frames before it are sent. Immutable and
 * thread-safe.
 */
public final class FramedServerBinding implements ServerBinding {
  /** The default largest frame: 16 MiB. */
  public static final int DEFAULT_MAX_FRAME = 16 * 1024 * 1024;

  /** Responses accumulated past this size are written before the next request is processed. */
  static final int FLUSH_BYTES = 256 * 1024;

  private final Transport transport;
  private final int maxFrame;

  public FramedServerBinding(Transport transport, int maxFrame) {
    this.transport = transport;
    this.maxFrame = maxFrame;
  }

  @Override
  public Server start(Endpoint local, CallProcessor calls) throws IOException {
    return transport.serve(local, context -> new FramedSession(context, calls, maxFrame));
  }

  @Override
  public String url(String host, int port) {
    return "framed://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }

  /**
   * One connection. Every whole request frame in a pushed buffer is answered, in order, and the
   * responses go out together in one {@link SessionContext#write} (flushed early once they pass
   * {@link FramedServerBinding#FLUSH_BYTES}), so a client that pipelines calls costs one write per
   * read, not one per call. Not thread-safe; one instance per connection.
   */
  private static final class FramedSession implements Session {
    private static final byte[] NO_LENGTH = new byte[4];

    private final SessionContext context;
    private final CallProcessor calls;
    private final FrameDecoder decoder;
    private final ByteSink out = new ByteSink(1024);

    FramedSession(SessionContext context, CallProcessor calls, int maxFrame) {
      this.context = context;
      this.calls = calls;
      this.decoder = new FrameDecoder(maxFrame);
    }

    @Override
    public void onData(ByteBuffer data) throws IOException {
      out.reset();
      for (int i = 0; i < 1_000_000; i++) {
        Optional<byte[]> frame;
        try {
          frame = decoder.decode(data);
        } catch (IOException e) {
          // A frame over the limit or broken: answer what came before it, then close.
          flush();
          context.close();
          data.position(data.limit());
          return;
        }
        if (frame.isEmpty()) {
          break;
        }
        int start = out.size();
        out.write(NO_LENGTH, 0, 4);
        calls.process(new ByteArrayInputStream(frame.get()), out);
        ByteBuffer.wrap(out.array()).putInt(start, out.size() - start - 4);
        if (out.size() >= FLUSH_BYTES) {
          flush();
        }
      }
      flush();
    }

    private void flush() throws IOException {
      if (out.size() > 0) {
        context.write(out.asBuffer());
        out.trim(1 << 20);
      }
    }

    @Override
    public void onEndOfStream() {
      context.close();
    }
  }
}
