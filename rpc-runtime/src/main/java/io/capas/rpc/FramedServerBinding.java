package io.capas.rpc;

import com.google.common.annotations.VisibleForTesting;
import io.capas.transport.Endpoint;
import io.capas.transport.Server;
import io.capas.transport.Transport;
import java.io.IOException;
import java.util.function.LongSupplier;

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
 * frame closes the connection once the responses to the frames before it are sent; idle
 * connections, slow frames and connections sending only bad frames are closed too (see {@link
 * FramedServerSettings} and {@link FramedSession}). Immutable and thread-safe.
 */
final class FramedServerBinding implements ServerBinding {
  /** The default largest frame: 16 MiB. */
  public static final int DEFAULT_MAX_FRAME = 16 * 1024 * 1024;

  /** Responses accumulated past this size are written before the next request is processed. */
  static final int FLUSH_BYTES = 256 * 1024;

  private final Transport transport;
  private final FramedServerSettings settings;
  private final LongSupplier nanoTime;

  /** The default settings with frames up to {@code maxFrame} bytes. */
  public FramedServerBinding(Transport transport, int maxFrame) {
    this(transport, FramedServerSettings.defaults().withMaxFrameBytes(maxFrame));
  }

  public FramedServerBinding(Transport transport, FramedServerSettings settings) {
    this(transport, settings, System::nanoTime);
  }

  @VisibleForTesting
  FramedServerBinding(Transport transport, FramedServerSettings settings, LongSupplier nanoTime) {
    this.transport = transport;
    this.settings = settings;
    this.nanoTime = nanoTime;
  }

  @Override
  public Server start(Endpoint local, CallProcessor calls) throws IOException {
    return transport.serve(
        local,
        context ->
            calls
                .connections()
                .opened("framed", context, new FramedSession(context, calls, settings, nanoTime)));
  }

  @Override
  public String url(String host, int port) {
    return "framed://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
