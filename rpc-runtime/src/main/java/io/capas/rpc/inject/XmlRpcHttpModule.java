package io.capas.rpc.inject;

import dagger.BindsOptionalOf;
import dagger.Module;
import dagger.Provides;
import io.capas.rpc.HttpClientSettings;
import io.capas.rpc.HttpServerSettings;
import io.capas.rpc.RpcCodec;
import io.capas.rpc.RpcServer;
import io.capas.transport.Transport;
import java.util.Optional;

/**
 * The standard binding, XML-RPC over HTTP, on whatever {@link Transport} the component binds: its
 * servers serve on it and its clients dial through it. A component may bind {@link
 * HttpServerSettings} or an {@link RpcCodec} of its own; otherwise the defaults are used.
 */
@Module
public interface XmlRpcHttpModule {
  @BindsOptionalOf
  HttpServerSettings optionalSettings();

  @BindsOptionalOf
  RpcCodec optionalCodec();

  @Provides
  static RpcServerFactory servers(
      Transport transport, Optional<HttpServerSettings> settings, Optional<RpcCodec> codec) {
    HttpServerSettings chosen = settings.orElseGet(HttpServerSettings::defaults);
    RpcCodec documents = codec.orElseGet(RpcCodec::xmlRpc);
    return local -> RpcServer.http(transport, local, chosen).codec(documents);
  }

  @Provides
  static ClientFactory clients(Transport transport, Optional<RpcCodec> codec) {
    RpcCodec documents = codec.orElseGet(RpcCodec::xmlRpc);
    return remote ->
        HttpClientSettings.builder()
            .endpoint(remote.host(), remote.port())
            .dialer(transport)
            .codec(documents)
            .build()
            .client();
  }
}
