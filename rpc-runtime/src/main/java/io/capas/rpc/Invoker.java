package io.capas.rpc;

import io.capas.http.Headers;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Sends one call and returns its result in the plain Java mapping: the seam between {@link Client}
 * (proxies, async, multicall) and a binding (XML-RPC over HTTP, over framed messages, over a {@link
 * io.capas.transport.MessageTransport}). Tests put a fake here.
 *
 * <p>Implementations are safe for concurrent use and closed by the client that owns them.
 */
public interface Invoker extends AutoCloseable {
  /**
   * Calls {@code method}; returns its result or throws.
   *
   * @throws RpcFault the server answered with a fault
   * @throws RpcException any other failure, with its kind
   */
  @Nullable Object invoke(String method, List<@Nullable Object> params, Duration timeout);

  /**
   * Calls {@code method} with extra request {@code headers}; bindings without headers (framed,
   * messages) drop them.
   */
  default @Nullable Object invoke(
      String method, List<@Nullable Object> params, Duration timeout, Headers headers) {
    return invoke(method, params, timeout);
  }

  /** Where calls go, for messages ({@code host:port}, a URL). */
  String target();

  @Override
  void close();
}
