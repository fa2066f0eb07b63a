package io.capas.cli;

import dagger.BindsInstance;
import dagger.Component;
import io.capas.rpc.inject.RpcServerFactory;
import io.capas.rpc.inject.XmlRpcScgiModule;
import io.capas.socket.UnixSocketOptions;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.UnixTransportModule;
import jakarta.inject.Singleton;

/**
 * XML-RPC over SCGI on a Unix domain socket ({@code capas serve --scgi --unix PATH}), for a front
 * server's {@code scgi_pass unix:PATH} or rTorrent-style local clients.
 */
@Singleton
@Component(modules = {XmlRpcScgiModule.class, UnixTransportModule.class})
interface XmlRpcScgiUnixComponent {
  RpcServerFactory servers();

  /** The server model of {@code config}; the socket file as {@code options} say. */
  @Component.Factory
  interface Factory {
    XmlRpcScgiUnixComponent create(
        @BindsInstance TcpConfig config, @BindsInstance UnixSocketOptions options);
  }
}
