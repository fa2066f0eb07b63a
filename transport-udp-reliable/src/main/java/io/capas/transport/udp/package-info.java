/**
 * Request/response messages over UDP that a production user can trust: the classic "resend and
 * double the timeout, give up after 2 s" client, made configurable ({@link
 * io.capas.transport.udp.ReliableUdpConfig}), with random jitter, 64-bit request ids, at-most-once
 * execution through a bounded reply cache on the server, fragmentation of large messages with
 * selective resend, and broadcast discovery ({@link io.capas.transport.udp.Discovery}). Message
 * contents (XML-RPC documents, plain text) are left to the layers above.
 *
 * <p>Against hostile peers: an address that has not echoed the server's cookie gets at most 3x the
 * bytes it sent (no reflection for spoofed sources), forced replays are rate-limited per reply, a
 * full reply cache refuses new work rather than forget a reply (at-most-once holds), and reassembly
 * memory follows what arrived; every limit is a setting of {@link
 * io.capas.transport.udp.ReliableUdpConfig}, which says what each protects.
 *
 * <pre>{@code
 * ReliableUdpTransport udp =
 *     new ReliableUdpTransport(ReliableUdpConfig.defaults(), HostResolver.system());
 * try (Server server = udp.serve(Endpoint.of("127.0.0.1", 0), (request, from) -> request);
 *     RequestChannel channel = udp.open(Endpoint.of("127.0.0.1", server.address().getPort()))) {
 *   byte[] reply = channel.call(bytes, Duration.ofSeconds(5));
 * } // ServerUnreachableException when the server stays silent through the retry schedule
 * }</pre>
 */
@NullMarked
package io.capas.transport.udp;

import org.jspecify.annotations.NullMarked;
