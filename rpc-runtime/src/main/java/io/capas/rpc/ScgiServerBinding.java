package io.capas.rpc;

import io.capas.transport.Endpoint;
import io.capas.transport.Server;
import io.capas.transport.Transport;
import java.io.IOException;

/**
 * XML-RPC over SCGI, server side: what a front web server (nginx's {@code scgi_pass}, lighttpd's
 * {@code mod_scgi}) or an SCGI client such as rTorrent's tools sends. One request per connection:
 *
 * <pre>
 *   front server                                        capas
 *   "70:CONTENT_LENGTH\0 27\0 SCGI\0 1\0 ... ," body  ->
 *                       &lt;-  "Status: 200 OK\r\nContent-Type: text/xml\r\nContent-Length: N\r\n\r\n" body
 *                                                        (then capas closes)
 * </pre>
 *
 * <p>Limits and timeouts come from {@link ScgiServerSettings}; see {@link ScgiSession} for what is
 * answered when. Immutable and thread-safe.
 */
final class ScgiServerBinding implements ServerBinding {
  private final Transport transport;
  private final ScgiServerSettings settings;

  ScgiServerBinding(Transport transport, ScgiServerSettings settings) {
    this.transport = transport;
    this.settings = settings;
  }

  @Override
  public Server start(Endpoint local, CallProcessor calls) throws IOException {
    return transport.serve(
        local,
        context ->
            calls.connections().opened("scgi", context, new ScgiSession(context, calls, settings)));
  }

  @Override
  public String url(String host, int port) {
    return "scgi://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
