package io.capas.cli;

import dagger.BindsInstance;
import dagger.Component;
import io.capas.rpc.inject.ClientFactory;
import io.capas.rpc.inject.RpcServerFactory;
import io.capas.rpc.inject.XmlRpcFramedModule;
import io.capas.transport.tcp.TcpConfig;
import io.capas.transport.tcp.TcpTransportModule;
import jakarta.inject.Singleton;

/** XML-RPC documents in length-prefixed frames over TCP (no HTTP), between capas peers. */
@Singleton
@Component(modules = {XmlRpcFramedModule.class, TcpTransportModule.class})
public interface XmlRpcFramedTcpComponent {
  RpcServerFactory servers();

  ClientFactory clients();

  @Component.Factory
  interface Factory {
    XmlRpcFramedTcpComponent create(@BindsInstance TcpConfig config);
  }
}
