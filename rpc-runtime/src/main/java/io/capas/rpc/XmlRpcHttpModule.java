package io.capas.rpc;

import dagger.BindsOptionalOf;
import dagger.Module;
import dagger.Provides;
import io.capas.transport.Transport;
import java.util.Optional;

/**
 * The standard binding, XML-RPC over HTTP, on whatever {@link Transport} the component binds. A
 * component may bind {@link HttpServerSettings}, {@link RpcCodec} of its own; otherwise the
 * defaults are used.
 */
@Module
public interface XmlRpcHttpModule {
  @BindsOptionalOf
  HttpServerSettings optionalSettings();

  @BindsOptionalOf
  RpcCodec optionalCodec();

  @Provides
  static ServerBinding serverBinding(Transport transport, Optional<HttpServerSettings> settings) {
    return new HttpServerBinding(transport, settings.orElseGet(HttpServerSettings::defaults));
  }

  @Provides
  static ClientFactory clientFactory(Transport transport, Optional<RpcCodec> codec) {
    return remote ->
        HttpClientSettings.builder()
            .endpoint(remote.host(), remote.port())
            .dialer(transport::connect)
            .codec(codec.orElse(XmlRpcCodec.defaults()))
            .build()
            .client();
  }
}
