package io.capas.rpc;

import io.capas.transport.Endpoint;
import io.capas.transport.tcp.TcpTransport;
import java.time.Duration;

/**
 * The two bindings over TCP that tests run alike: a server and a client of each, on a transport.
 */
enum TcpBinding {
  HTTP,
  FRAMED;

  /** An unstarted server on {@code local}. */
  RpcServer server(TcpTransport transport, Endpoint local) {
    return this == HTTP ? RpcServer.http(transport, local) : RpcServer.framed(transport, local);
  }

  /** An unstarted server on a free loopback port. */
  RpcServer server(TcpTransport transport) {
    return server(transport, Endpoint.of("127.0.0.1", 0));
  }

  /** A client of {@code remote} with {@code timeout} per call. */
  Client client(TcpTransport transport, Endpoint remote, Duration timeout) {
    return switch (this) {
      case HTTP ->
          HttpClientSettings.builder()
              .endpoint(remote.host(), remote.port())
              .dialer(transport)
              .timeout(timeout)
              .build()
              .client();
      case FRAMED ->
          FramedClientSettings.builder()
              .endpoint(remote)
              .dialer(transport)
              .timeout(timeout)
              .build()
              .client();
    };
  }
}
