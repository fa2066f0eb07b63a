package io.capas.rpc.inject;

import dagger.BindsOptionalOf;
import dagger.Module;
import dagger.Provides;
import io.capas.rpc.MessageClientSettings;
import io.capas.rpc.RpcCodec;
import io.capas.rpc.RpcServer;
import io.capas.transport.MessageTransport;
import java.util.Optional;

/**
 * XML-RPC documents as whole messages of the component's {@link MessageTransport} (reliable UDP
 * binds one): {@code capas serve --transport udp}. A component may bind its own {@link RpcCodec}.
 */
@Module
public interface XmlRpcMessageModule {
  @BindsOptionalOf
  RpcCodec optionalCodec();

  @Provides
  static RpcServerFactory servers(MessageTransport transport, Optional<RpcCodec> codec) {
    RpcCodec documents = codec.orElseGet(RpcCodec::xmlRpc);
    return local -> RpcServer.messages(transport, local).codec(documents);
  }

  @Provides
  static ClientFactory clients(MessageTransport transport, Optional<RpcCodec> codec) {
    RpcCodec documents = codec.orElseGet(RpcCodec::xmlRpc);
    return remote ->
        MessageClientSettings.builder()
            .transport(transport)
            .endpoint(remote)
            .codec(documents)
            .build()
            .client();
  }
}
