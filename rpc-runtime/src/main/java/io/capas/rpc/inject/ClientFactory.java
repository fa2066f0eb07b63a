package io.capas.rpc.inject;

import io.capas.rpc.Client;
import io.capas.transport.Endpoint;

/**
 * Opens {@link Client}s for the binding a Dagger component chose. Safe for concurrent use.
 *
 * <pre>{@code
 * try (Client client = component.clients().connect(Endpoint.of("localhost", 8000))) { ... }
 * }</pre>
 */
@FunctionalInterface
public interface ClientFactory {
  Client connect(Endpoint remote);
}
