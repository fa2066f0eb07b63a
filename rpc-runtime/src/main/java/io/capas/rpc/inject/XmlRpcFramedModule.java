package io.capas.rpc.inject;

import dagger.BindsOptionalOf;
import dagger.Module;
import dagger.Provides;
import io.capas.rpc.FramedClientSettings;
import io.capas.rpc.FramedServerSettings;
import io.capas.rpc.RpcCodec;
import io.capas.rpc.RpcServer;
import io.capas.transport.Transport;
import java.util.Optional;

/**
 * XML-RPC documents in length-prefixed frames on the component's {@link Transport}: no HTTP, for
 * low latency between capas peers. A component may bind {@link FramedServerSettings} or an {@link
 * RpcCodec} of its own.
 */
@Module
public interface XmlRpcFramedModule {
  @BindsOptionalOf
  FramedServerSettings optionalSettings();

  @BindsOptionalOf
  RpcCodec optionalCodec();

  @Provides
  static RpcServerFactory servers(
      Transport transport, Optional<FramedServerSettings> settings, Optional<RpcCodec> codec) {
    FramedServerSettings chosen = settings.orElseGet(FramedServerSettings::defaults);
    RpcCodec documents = codec.orElseGet(RpcCodec::xmlRpc);
    return local -> RpcServer.framed(transport, local, chosen).codec(documents);
  }

  @Provides
  static ClientFactory clients(Transport transport, Optional<RpcCodec> codec) {
    RpcCodec documents = codec.orElseGet(RpcCodec::xmlRpc);
    return remote ->
        FramedClientSettings.builder()
            .endpoint(remote)
            .dialer(transport)
            .codec(documents)
            .build()
            .client();
  }
}
