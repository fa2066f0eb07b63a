package io.capas.rpc;

import dagger.BindsOptionalOf;
import dagger.Module;
import dagger.Provides;
import io.capas.transport.MessageTransport;
import java.time.Duration;
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
  static ServerBinding serverBinding(MessageTransport transport) {
    return new MessageServerBinding(transport, "udp");
  }

  @Provides
  static ClientFactory clientFactory(MessageTransport transport, Optional<RpcCodec> codec) {
    return remote ->
        new Client(
            new MessageInvoker(transport, remote, codec.orElse(XmlRpcCodec.defaults()), "udp"),
            Duration.ofSeconds(30));
  }
}
