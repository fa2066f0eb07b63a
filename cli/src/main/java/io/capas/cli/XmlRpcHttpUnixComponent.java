package io.capas.cli;

import dagger.BindsInstance;
import dagger.Component;
import io.capas.rpc.inject.RpcServerFactory;
import io.capas.rpc.inject.XmlRpcHttpModule;
import io.capas.socket.UnixSocketOptions;
import io.capas.transport.Transport;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.UnixTransportModule;
import jakarta.inject.Singleton;

/** XML-RPC over HTTP on a Unix domain socket ({@code capas serve --unix PATH}). */
@Singleton
@Component(modules = {XmlRpcHttpModule.class, UnixTransportModule.class})
interface XmlRpcHttpUnixComponent {
  RpcServerFactory servers();

  /** The Unix socket transport, for a server with HTTP settings of its own. */
  Transport transport();

  /** The server model of {@code config}; the socket file as {@code options} say. */
  @Component.Factory
  interface Factory {
    XmlRpcHttpUnixComponent create(
        @BindsInstance TcpConfig config, @BindsInstance UnixSocketOptions options);
  }
}
