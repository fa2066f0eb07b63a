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
 * <p>A frame over the limit or a broken frame closes the connection. Immutable and thread-safe.
 */
public final class FramedServerBinding implements ServerBinding {
  /** The default largest frame: 16 MiB. */
  public static final int DEFAULT_MAX_FRAME = 16 * 1024 * 1024;

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

  /** One connection. Not thread-safe; one instance per connection. */
  private static final class FramedSession implements Session {
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
      for (int i = 0; i < 1_000_000; i++) {
        Optional<byte[]> frame;
        try {
          frame = decoder.decode(data);
        } catch (IOException e) {
          context.close();
          data.position(data.limit());
          return;
        }
        if (frame.isEmpty()) {
          return;
        }
        out.reset();
        out.write(new byte[4], 0, 4);
        calls.process(new ByteArrayInputStream(frame.get()), out);
        int length = out.size() - 4;
        ByteBuffer response = out.asBuffer();
        response.putInt(0, length);
        context.write(response);
        out.trim(1 << 20);
      }
    }

    @Override
    public void onEndOfStream() {
      context.close();
    }
  }
}
