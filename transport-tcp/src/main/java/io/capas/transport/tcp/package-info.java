/**
 * The TCP transport: client connections over {@link java.net.Socket}, and servers under four server
 * models, chosen by {@link io.capas.transport.tcp.TcpConfig}: sequential (one request at a time),
 * thread per connection (virtual threads; the default), a fixed pool of platform threads serving
 * requests, and multiplexing (a group of selector threads, one per processor by default). In every
 * model an idle connection costs no platform thread (see {@link
 * io.capas.transport.tcp.TcpConfig.Model}). Every model calls the same push {@link
 * io.capas.transport.Session}s, so a protocol is written once; framing and message formats belong
 * to the layers above.
 *
 * <pre>{@code
 * Transport tcp = new TcpTransport(
 *     TcpConfig.builder().model(TcpConfig.Model.MULTIPLEX).maxConnections(1_000).build(),
 *     HostResolver.system());
 * try (Server server = tcp.serve(Endpoint.of("127.0.0.1", 0), echoSessions)) {
 *   ...
 *   server.shutdown(Duration.ofSeconds(5));
 * }
 * }</pre>
 *
 * <p>TLS: {@code TcpConfig.builder().tls(TlsSettings.of(sslContext))} makes every connection a JSSE
 * TLS connection, served (every model; MULTIPLEX drives an {@code SSLEngine} on its selector loops)
 * and connected (the server's certificate must name the host by default). See {@link
 * io.capas.transport.tcp.TlsSettings}.
 *
 * <p>Unix domain sockets: {@link io.capas.transport.tcp.UnixTransport} serves the same models on a
 * socket file ({@code Endpoint.unix(path)}), with the file's mode and stale files handled as {@link
 * io.capas.socket.UnixSocketOptions} say.
 *
 * <p>With Dagger, install {@link io.capas.transport.tcp.TcpTransportModule} or {@link
 * io.capas.transport.tcp.UnixTransportModule}.
 */
@NullMarked
package io.capas.transport.tcp;

import org.jspecify.annotations.NullMarked;
