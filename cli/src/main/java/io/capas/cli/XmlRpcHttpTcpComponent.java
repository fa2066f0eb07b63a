package io.capas.cli;

import dagger.BindsInstance;
import dagger.Component;
import io.capas.rpc.inject.ClientFactory;
import io.capas.rpc.inject.RpcServerFactory;
import io.capas.rpc.inject.XmlRpcHttpModule;
import io.capas.transport.Transport;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.TcpTransportModule;
import jakarta.inject.Singleton;

/** The standard stack: XML-RPC over HTTP over TCP. */
@Singleton
@Component(modules = {XmlRpcHttpModule.class, TcpTransportModule.class})
public interface XmlRpcHttpTcpComponent {
  RpcServerFactory servers();

  ClientFactory clients();

  Transport transport();

  /** {@code DaggerXmlRpcHttpTcpComponent.factory().create(TcpConfig.defaults())}. */
  @Component.Factory
  interface Factory {
    XmlRpcHttpTcpComponent create(@BindsInstance TcpConfig config);
  }
}
