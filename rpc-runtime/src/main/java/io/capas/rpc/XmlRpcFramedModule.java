package io.capas.rpc;

import dagger.BindsOptionalOf;
import dagger.Module;
import dagger.Provides;
import io.capas.transport.Transport;
import java.time.Duration;
import java.util.Optional;

/**
 * XML-RPC documents in length-prefixed frames on the component's {@link Transport}: no HTTP, for
 * low latency between capas peers. A component may bind its own {@link RpcCodec}.
 */
@Module
public interface XmlRpcFramedModule {
  @BindsOptionalOf
  RpcCodec optionalCodec();

  @Provides
  static ServerBinding serverBinding(Transport transport) {
    return new FramedServerBinding(transport, FramedServerBinding.DEFAULT_MAX_FRAME);
  }

  @Provides
  static ClientFactory clientFactory(Transport transport, Optional<RpcCodec> codec) {
    return remote ->
        new Client(
            new FramedInvoker(transport::connect, remote, codec.orElse(XmlRpcCodec.defaults())),
            Duration.ofSeconds(30));
  }
}
