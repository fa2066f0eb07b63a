package io.capas.cli;

import dagger.Component;
import io.capas.rpc.inject.ClientFactory;
import io.capas.rpc.inject.RpcServerFactory;
import io.capas.rpc.inject.XmlRpcMessageModule;
import jakarta.inject.Singleton;

/** XML-RPC documents as messages over reliable UDP ({@code capas serve --transport udp}). */
@Singleton
@Component(modules = {XmlRpcMessageModule.class, ReliableUdpModule.class})
public interface XmlRpcUdpComponent {
  RpcServerFactory servers();

  ClientFactory clients();
}
