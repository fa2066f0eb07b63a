package io.capas.cli;

import dagger.BindsInstance;
import dagger.Component;
import io.capas.rpc.inject.ClientFactory;
import io.capas.rpc.inject.RpcServerFactory;
import io.capas.rpc.inject.XmlRpcScgiModule;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.TcpTransportModule;
import jakarta.inject.Singleton;

/**
 * XML-RPC over SCGI over TCP: {@code capas serve --scgi}, behind a front server's {@code
 * scgi_pass}.
 */
@Singleton
@Component(modules = {XmlRpcScgiModule.class, TcpTransportModule.class})
public interface XmlRpcScgiTcpComponent {
  RpcServerFactory servers();

  ClientFactory clients();

  @Component.Factory
  interface Factory {
    XmlRpcScgiTcpComponent create(@BindsInstance TcpConfig config);
  }
}
