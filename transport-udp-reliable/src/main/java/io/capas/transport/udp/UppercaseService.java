package io.capas.transport.udp;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.capas.transport.RequestHandler;
import java.net.InetSocketAddress;
import java.util.Locale;

/**
 * An uppercase service: answers each text datagram with the same text in upper case, here over the
 * reliable transport, so a lost datagram is resent and a duplicate is answered once. Immutable and
 * thread-safe.
 *
 * <pre>{@code
 * try (Server server = udp.serve(Endpoint.of("127.0.0.1", 0), new UppercaseService());
 *     RequestChannel channel = udp.open(Endpoint.of("127.0.0.1", server.address().getPort()))) {
 *   String answer = new String(channel.call("hola".getBytes(UTF_8), Duration.ofSeconds(5)), UTF_8);
 * }
 * }</pre>
 */
public final class UppercaseService implements RequestHandler {

  @Override
  public byte[] handle(byte[] request, InetSocketAddress from) {
    return new String(request, UTF_8).toUpperCase(Locale.ROOT).getBytes(UTF_8);
  }
}
