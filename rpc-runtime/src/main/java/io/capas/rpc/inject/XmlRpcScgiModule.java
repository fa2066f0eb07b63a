package io.capas.rpc.inject;

import dagger.BindsOptionalOf;
import dagger.Module;
import dagger.Provides;
import io.capas.rpc.RpcCodec;
import io.capas.rpc.RpcServer;
import io.capas.rpc.ScgiClientSettings;
import io.capas.rpc.ScgiServerSettings;
import io.capas.transport.Transport;
import java.util.Optional;

/**
 * XML-RPC over SCGI on the component's {@link Transport}: a server behind a front web server's
 * {@code scgi_pass}, and clients of SCGI peers such as rTorrent. A component may bind {@link
 * ScgiServerSettings} or an {@link RpcCodec} of its own.
 */
@Module
public interface XmlRpcScgiModule {
  @BindsOptionalOf
  ScgiServerSettings optionalSettings();

  @BindsOptionalOf
  RpcCodec optionalCodec();

  @Provides
  static RpcServerFactory servers(
      Transport transport, Optional<ScgiServerSettings> settings, Optional<RpcCodec> codec) {
    ScgiServerSettings chosen = settings.orElseGet(ScgiServerSettings::defaults);
    RpcCodec documents = codec.orElseGet(RpcCodec::xmlRpc);
    return local -> RpcServer.scgi(transport, local, chosen).codec(documents);
  }

  @Provides
  static ClientFactory clients(Transport transport, Optional<RpcCodec> codec) {
    RpcCodec documents = codec.orElseGet(RpcCodec::xmlRpc);
    return remote ->
        ScgiClientSettings.builder()
            .endpoint(remote.host(), remote.port())
            .dialer(transport)
            .codec(documents)
            .build()
            .client();
  }
}
